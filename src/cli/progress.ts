import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long work (bootstrap resamples, reading a streamed table,
 * fitting many groups), shown only when stderr is a terminal and --quiet was not given;
 * otherwise a no-op. Returns the callback the library's `onProgress` options take, and a
 * function that clears the bar.
 */
export function progressBar(
  label: string,
  enabled: boolean,
): { onProgress: (done: number, total: number) => void; stop: () => void } {
  if (!enabled || process.stderr.isTTY !== true) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} ({eta}s left)`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let shown = 0;
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      // Redraw at each percent of the work (bytes, resamples, groups) and at the end.
      if (done - shown >= total / 100 || done === total) {
        bar.update(done);
        shown = done;
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
