/**
 * "Did you mean" suggestions for mistyped column, law or option names.
 */

/**
 * Find the candidate closest to a mistyped name, for a "did you mean" hint.
 *
 * Distance is the Levenshtein edit distance (insertions, deletions, substitutions) between
 * the lower-cased strings. A candidate qualifies when its distance is at most
 * max(2, floor(0.4 · length of `name`)); among qualifying candidates the smallest distance
 * wins, ties going to the earlier candidate. Limitation: plain edit distance, so a reordered
 * name (`size model`) is not recognised.
 *
 * @param name - The name as the user typed it.
 * @param candidates - The valid names, in the order they should win ties.
 * @returns The nearest candidate as spelled in `candidates`, or null when none is close.
 * @example
 * ```ts
 * nearestName('LOS', ['params', 'loss', 'tokens']); // 'loss'
 * nearestName('zzz', ['params', 'loss']);           // null
 * ```
 */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(0.4 * name.length));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance between two strings, one row of the table at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current.push(Math.min(substitution, deletion, insertion));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
