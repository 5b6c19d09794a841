/**
 * Log axes with decade ticks labelled 10^k (superscript digits), which read better than
 * Vega's default `1e+17` and keep labels from colliding.
 */

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** "10¹⁷" for 1e17. */
export function decadeLabel(exponent: number): string {
  return `10${String(exponent)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')}`;
}

/** Powers of ten covering [lo, hi] (lo, hi > 0), at most `most` of them (every k-th decade). */
export function decadeTicks(lo: number, hi: number, most = 9): number[] {
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const step = Math.max(1, Math.ceil((last - first + 1) / most));
  const ticks: number[] = [];
  for (let k = first; k <= last; k += step) ticks.push(10 ** k);
  return ticks;
}

/**
 * A Vega-Lite axis for a log scale: decade tick values and a label expression mapping each to
 * 10^k. The expression looks the label up in a literal map, so no data text enters it.
 */
export function logAxis(lo: number, hi: number, title: string): Record<string, unknown> {
  const values = decadeTicks(lo, hi);
  const labels: Record<string, string> = {};
  for (const value of values) {
    const k = Math.round(Math.log10(value));
    labels[String(k)] = decadeLabel(k);
  }
  return {
    title,
    values,
    labelExpr: `${JSON.stringify(labels)}[toString(round(log(datum.value) / LN10))]`,
    grid: true,
  };
}

/** [lo, hi] of positive values, widened to whole decades. */
export function decadeDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}
