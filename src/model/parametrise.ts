// How each field's levels become parameters of the logistic fit: one free parameter per level, or, for a field
// whose levels are ordered best to worst as a rule, non-negative increments summed from the worst level (so a
// better level's coefficient is never below a worse one's), with the field's "missing" level free beside them.
import type { Parametrisation } from "./logistic-fit";

export interface FieldLevels {
  /** Levels in order, best first (named levels, or bands of a number), then "missing" last. */
  count: number;
  /** Ordered as a rule: level coefficients may only fall from best to worst (missing excepted). */
  ordered: boolean;
}

/**
 * The parametrisation of fields laid out one after another in level space (field f's levels start where field
 * f − 1's end). `constrained` false drops every bound (the unconstrained comparison fit) but keeps one
 * parameter per level.
 */
export function parametrise(fields: readonly FieldLevels[], constrained = true): Parametrisation {
  const levelParams: Int32Array[] = [];
  const lower: number[] = [-Infinity];
  const penalised: number[] = [0];
  const add = (bound: number): number => {
    lower.push(bound);
    penalised.push(1);
    return lower.length - 1;
  };
  for (const field of fields) {
    const named = field.count - 1; // the levels before "missing"
    if (field.ordered && constrained && named >= 2) {
      // c_l = d_l + d_(l+1) + … + d_(named-2), d ≥ 0; the worst named level is the reference (0).
      const inc = Array.from({ length: named - 1 }, () => add(0));
      for (let l = 0; l < named; l++) levelParams.push(Int32Array.from(inc.slice(l)));
    } else {
      for (let l = 0; l < named; l++) levelParams.push(Int32Array.of(add(-Infinity)));
    }
    levelParams.push(Int32Array.of(add(-Infinity))); // missing
  }
  return {
    levels: levelParams.length,
    params: lower.length,
    levelParams,
    lower: Float64Array.from(lower),
    penalised: Uint8Array.from(penalised),
  };
}
