import type { Law, LawData, ParameterSpec } from '../laws/law.ts';

/**
 * A joint law over several recipes that share some parameters: the base law's inputs plus the
 * recipe index g. Shared parameters come first under their own names; each recipe's own
 * parameters follow as `name[label]`. Fitting both recipes at once with, say, E and alpha
 * shared makes their compute multiplier one number at every budget:
 * M = (A_ref / A_new)^(1 / alpha) for the power law with offset.
 *
 * @param base - the law both recipes follow
 * @param shared - names of the parameters the recipes share
 * @param labels - recipe labels, in the order of g (0, 1, ...)
 */
export function jointLaw(base: Law, shared: readonly string[], labels: readonly string[]): Law {
  const baseNames = base.parameters.map((spec) => spec.name);
  for (const name of shared) {
    if (!baseNames.includes(name)) {
      throw new TypeError(
        `law ${base.name} has no parameter ${name}; it has ${baseNames.join(', ')}`,
      );
    }
  }
  const own = base.parameters.filter((spec) => !shared.includes(spec.name));
  const parameters: ParameterSpec[] = [
    ...base.parameters.filter((spec) => shared.includes(spec.name)),
    ...labels.flatMap((label) => own.map((spec) => ({ ...spec, name: `${spec.name}[${label}]` }))),
  ];
  // For each recipe, where each base parameter sits in the joint vector.
  const positions = labels.map((_, g) =>
    base.parameters.map((spec) => {
      const sharedIndex = shared.indexOf(spec.name);
      if (sharedIndex >= 0) return parameters.findIndex((p) => p.name === spec.name);
      return shared.length + g * own.length + own.findIndex((p) => p.name === spec.name);
    }),
  );
  const scratch = labels.map(() => new Float64Array(base.parameters.length));
  const partials = new Float64Array(base.parameters.length);
  const inputCount = base.inputs.length;
  const view = (p: ArrayLike<number>, g: number): Float64Array => {
    const out = scratch[g]!;
    positions[g]!.forEach((position, j) => {
      out[j] = p[position]!;
    });
    return out;
  };
  const recipe = (input: ArrayLike<number>): number => input[inputCount]!;
  const baseInput = (input: ArrayLike<number>) =>
    Array.from({ length: inputCount }, (_, i) => input[i]!);
  return {
    name: `${base.name} (joint, shared ${shared.join(', ')})`,
    formula: base.formula,
    inputs: [...base.inputs, 'g'],
    parameters,
    predict: (p, input) => base.predict(view(p, recipe(input)), baseInput(input)),
    gradient(p, input, out) {
      const g = recipe(input);
      base.gradient(view(p, g), baseInput(input), partials);
      out.fill(0);
      positions[g]!.forEach((position, j) => {
        out[position] = partials[j]!;
      });
    },
    inverse: () => null,
    initialGuesses: (_data: LawData) => [],
    realInputs: base.realInputs,
  };
}

/** Split a joint parameter vector into one base-law vector per recipe. */
export function splitJoint(
  base: Law,
  shared: readonly string[],
  labels: readonly string[],
  joint: ArrayLike<number>,
): number[][] {
  const own = base.parameters.filter((spec) => !shared.includes(spec.name));
  return labels.map((_, g) =>
    base.parameters.map((spec) => {
      const sharedIndex = shared.indexOf(spec.name);
      if (sharedIndex >= 0) {
        return joint[base.parameters.filter((s) => shared.includes(s.name)).indexOf(spec)]!;
      }
      return joint[shared.length + g * own.length + own.indexOf(spec)]!;
    }),
  );
}

/** A joint starting vector from one base-law vector per recipe (shared values averaged). */
export function joinParameters(
  base: Law,
  shared: readonly string[],
  perRecipe: readonly (readonly number[])[],
): number[] {
  const sharedSpecs = base.parameters.filter((spec) => shared.includes(spec.name));
  const own = base.parameters.filter((spec) => !shared.includes(spec.name));
  const index = (name: string) => base.parameters.findIndex((spec) => spec.name === name);
  return [
    ...sharedSpecs.map(
      (spec) => perRecipe.reduce((sum, p) => sum + p[index(spec.name)]!, 0) / perRecipe.length,
    ),
    ...perRecipe.flatMap((p) => own.map((spec) => p[index(spec.name)]!)),
  ];
}
