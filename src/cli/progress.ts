import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long work (bootstrap resamples), shown only when stderr is a
 * terminal and --quiet was not given; otherwise a no-op. Returns the callback the library's
 * `onProgress` options take, and a function that clears the bar.
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
  return {
    onProgress(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      if (done % 10 === 0 || done === total) bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
