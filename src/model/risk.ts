// Risk: how likely the sale or its delivery goes wrong, 0–100, from four components (delivery/technical,
// commercial/financial, customer/commitment, competitive). Each component is the weighted shortfall of its
// factors' goodness, so a worse value can only raise it.
import { compile } from "./compiled";
import { round1 } from "./output";
import type { ScoringModel } from "./schema";
import type { RiskBreakdown, RiskComponentKey } from "./types";

export function riskOf(model: ScoringModel, g: readonly number[]): RiskBreakdown {
  const c = compile(model);
  const components = {} as Record<RiskComponentKey, number>;
  let total = 0;
  for (const comp of c.components) {
    let sum = 0;
    for (let i = 0; i < comp.index.length; i++) sum += comp.w[i] * (1 - g[comp.index[i]]);
    const value = comp.wsum > 0 ? (100 * sum) / comp.wsum : 0;
    components[comp.key] = round1(value);
    total += comp.weight * value;
  }
  return { total: round1(c.componentWeightSum > 0 ? total / c.componentWeightSum : 0), components };
}
