// Risk: how likely the sale or its delivery goes wrong, 0–100, from four components (delivery/technical,
// commercial/financial, customer/commitment, competitive). Each component is the weighted shortfall of its
// factors' goodness, so a worse value can only raise it.
import { round1 } from "./output";
import type { RiskComponentPlan } from "./plan";

/**
 * The risk of `count` rows at once, their goodness held column by column: scored field i of row r is at
 * g[at[i] + r]. Writes row r's rounded total into totals[r] and its rounded component k into
 * components[k * stride + r]; `sums` is scratch of at least `count`. The one formula for risk.
 */
export function riskColumns(
  plan: { components: RiskComponentPlan[]; componentWeightSum: number },
  g: ArrayLike<number>,
  at: Int32Array,
  count: number,
  totals: Float64Array,
  components: Float64Array,
  stride: number,
  sums: Float64Array,
): void {
  totals.fill(0, 0, count);
  for (let k = 0; k < plan.components.length; k++) {
    const comp = plan.components[k];
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
  const ws = plan.componentWeightSum;
  for (let r = 0; r < count; r++) totals[r] = round1(ws > 0 ? totals[r] / ws : 0);
}
