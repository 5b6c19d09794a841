import type { Law, LawData } from '../laws/law.ts';

/**
 * Starting points by variable projection: for each point of the law's grid of nonlinear
 * parameters, the linear ones come from a weighted least-squares solve, so every start is the
 * best the law can do at those exponents (Golub and Pereyra 1973). Linear values that break a
 * bound (a negative floor, say) are pulled back inside it.
 *
 * @returns full parameter vectors in natural units, one per grid point that gave a solvable system
 */
export function projectedStarts(law: Law, data: LawData, sigma: Float64Array | null): number[][] {
  const structure = law.linearStructure;
  if (structure === undefined) return [];
  const m = structure.linear.length;
  const n = data.y.length;
  const basis = new Float64Array(m);
  const input = new Float64Array(law.inputs.length);
  const starts: number[][] = [];
  for (const grid of structure.nonlinearGrid(data)) {
    const normal = new Float64Array(m * m);
    const right = new Float64Array(m);
    let finite = true;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < input.length; k++) input[k] = data.inputs[k]![i]!;
      structure.basis(grid, input, basis);
      const w = sigma === null ? 1 : 1 / (sigma[i]! * sigma[i]!);
      for (let a = 0; a < m; a++) {
        if (!Number.isFinite(basis[a]!)) finite = false;
        right[a]! += w * basis[a]! * data.y[i]!;
        for (let b = 0; b < m; b++) normal[a * m + b]! += w * basis[a]! * basis[b]!;
      }
    }
    if (!finite) continue;
    const coefficients = solveSymmetric(normal, right, m);
    if (coefficients === null) continue;
    const start = grid.slice();
    structure.linear.forEach((index, k) => {
      const spec = law.parameters[index]!;
      let value = coefficients[k]!;
      if (spec.scale === 'log' && !(value > spec.lower)) value = Math.max(spec.lower, 1e-8);
      start[index] = Math.min(Math.max(value, spec.lower), spec.upper);
    });
    starts.push(start);
  }
  return starts;
}

/** Solve a small symmetric system by Gaussian elimination with partial pivoting. */
export function solveSymmetric(
  matrix: Float64Array,
  right: Float64Array,
  m: number,
): number[] | null {
  const a = Array.from({ length: m }, (_, r) => [
    ...Array.from(matrix.subarray(r * m, r * m + m)),
    right[r]!,
  ]);
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++)
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (!(Math.abs(a[pivot]![col]!) > 1e-300)) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < m; r++) {
      const factor = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= m; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let sum = a[r]![m]!;
    for (let c = r + 1; c < m; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x.every(Number.isFinite) ? x : null;
}
