import type { Law, LawData } from './law.ts';

/** What a research script supplies to define its own law; see {@link defineLaw}. */
export type LawDefinition = Omit<Law, 'inverse' | 'initialGuesses'> &
  Partial<Pick<Law, 'inverse' | 'initialGuesses'>>;

/**
 * Define a law of your own for the fitting engine. Checks the definition and fills two
 * defaults: `inverse` by bisection in log x (one-input laws, monotone over 1e-30..1e60) and
 * `initialGuesses` as the midpoint of finite bounds (or 1 / 0 when unbounded).
 *
 * @throws TypeError when names repeat, bounds are inverted or a start lies outside them.
 * @example
 * const exponential = defineLaw({
 *   name: 'exp-decay', formula: 'y = c * exp(-r x)', inputs: ['x'],
 *   parameters: [
 *     { name: 'c', lower: 0, upper: Infinity, scale: 'log', description: 'scale' },
 *     { name: 'r', lower: 0, upper: 100, scale: 'linear', description: 'rate' },
 *   ],
 *   predict: (p, x) => p[0] * Math.exp(-p[1] * x[0]),
 *   gradient: (p, x, out) => {
 *     const e = Math.exp(-p[1] * x[0]);
 *     out[0] = e;
 *     out[1] = -p[0] * x[0] * e;
 *   },
 * });
 */
export function defineLaw(definition: LawDefinition): Law {
  const names = new Set<string>();
  for (const spec of definition.parameters) {
    if (names.has(spec.name)) throw new TypeError(`parameter ${spec.name} appears twice`);
    names.add(spec.name);
    if (!(spec.lower < spec.upper)) {
      throw new TypeError(`parameter ${spec.name}: lower bound must be below upper bound`);
    }
    if (spec.scale === 'log' && spec.lower < 0) {
      throw new TypeError(`parameter ${spec.name}: a log-scale parameter needs lower >= 0`);
    }
  }
  const inverse: Law['inverse'] =
    definition.inverse ??
    ((p, target) => {
      if (definition.inputs.length !== 1) return null;
      const f = (x: number) => definition.predict(p, [x]);
      return bisectMonotone(f, target);
    });
  const initialGuesses =
    definition.initialGuesses ??
    ((_data: LawData) => [
      definition.parameters.map((spec) => {
        if (Number.isFinite(spec.lower) && Number.isFinite(spec.upper)) {
          return 0.5 * (spec.lower + spec.upper);
        }
        if (spec.scale === 'log') return 1;
        return Number.isFinite(spec.lower) ? spec.lower + 1 : 0;
      }),
    ]);
  return { ...definition, inverse, initialGuesses };
}

function bisectMonotone(f: (x: number) => number, target: number): number | null {
  let lo = Math.log(1e-30);
  let hi = Math.log(1e60);
  const sLo = Math.sign(f(Math.exp(lo)) - target);
  if (sLo === Math.sign(f(Math.exp(hi)) - target)) return null;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (Math.sign(f(Math.exp(mid)) - target) === sLo) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
