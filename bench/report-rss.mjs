// Preloaded into each benchmarked node process (NODE_OPTIONS=--import): on exit, write the
// process's peak resident set size in KiB (worker threads included) to the file named by
// SCALEFIT_BENCH_RSS.
import { writeFileSync } from 'node:fs';

const target = process.env.SCALEFIT_BENCH_RSS;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
