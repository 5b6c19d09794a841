/** Where the CLI writes: injected so tests capture output instead of printing it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes of every command: a stable contract for scripts. */
export const EXIT = {
  ok: 0,
  /** No usable fit: every start failed, or a fit did not converge. */
  noFit: 1,
  /** Bad input or usage. */
  badInput: 2,
} as const;
