// Risk: how likely the sale or its delivery goes wrong, 0–100, from four components (delivery/technical,
// commercial/financial, customer/commitment, competitive). Each component is the weighted shortfall of its
// factors' goodness, so a worse value can only raise it.
import { compile, RISK_COMPONENTS, type CompiledModel } from "./compiled";
import { round1 } from "./output";
import type { ScoringModel } from "./schema";
import type { RiskBreakdown, RiskComponentKey } from "./types";

// One row is a table of one: field i of the row sits at i.
const IDENTITY = Int32Array.from({ length: 64 }, (_, i) => i);
const ONE_TOTAL = new Float64Array(1);
const ONE_COMPONENTS = new Float64Array(RISK_COMPONENTS.length);
const ONE_SUM = new Float64Array(1);

export function riskOf(model: ScoringModel, g: readonly number[]): RiskBreakdown {
  const c = compile(model);
  riskColumns(c, g, IDENTITY, 1, ONE_TOTAL, ONE_COMPONENTS, 1, ONE_SUM);
  const components = {} as Record<RiskComponentKey, number>;
  c.components.forEach((comp, k) => (components[comp.key] = ONE_COMPONENTS[k]));
  return { total: ONE_TOTAL[0], components };
}

/**
 * The risk of `count` rows at once, their goodness held column by column: scored field i of row r is at
 * g[at[i] + r]. Writes row r's rounded total into totals[r] and its rounded component k into
 * components[k * stride + r]; `sums` is scratch of at least `count`. The one formula for risk: one row is a
 * table of one.
 */
export function riskColumns(
  c: CompiledModel,
  g: ArrayLike<number>,
  at: Int32Array,
  count: number,
  totals: Float64Array,
  components: Float64Array,
  stride: number,
  sums: Float64Array,
): void {
  totals.fill(0, 0, count);
  for (let k = 0; k < c.components.length; k++) {
    const comp = c.components[k];
    sums.fill(0, 0, count);
    for (let i = 0; i < comp.index.length; i++) {
      const w = comp.w[i];
      const base = at[comp.index[i]];
      for (let r = 0; r < count; r++) sums[r] += w * (1 - g[base + r]);
    }
    const out = k * stride;
    for (let r = 0; r < count; r++) {
      const value = comp.wsum > 0 ? (100 * sums[r]) / comp.wsum : 0;
      components[out + r] = round1(value);
      totals[r] += comp.weight * value;
    }
  }
  const ws = c.componentWeightSum;
  for (let r = 0; r < count; r++) totals[r] = round1(ws > 0 ? totals[r] / ws : 0);
}
