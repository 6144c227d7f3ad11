// Risk: how likely the sale or its delivery goes wrong, 0–100, from four components (delivery/technical,
// commercial/financial, customer/commitment, competitive). Each component is the weighted shortfall of its
// factors' goodness, so a worse value can only raise it.
import { SCORED_INDEX } from "./goodness";
import { round1 } from "./output";
import type { ScoredField, ScoringModel } from "./schema";
import type { RiskBreakdown, RiskComponentKey } from "./types";

export const RISK_COMPONENTS: readonly RiskComponentKey[] = [
  "delivery",
  "commercial",
  "customer",
  "competitive",
];

export function riskOf(model: ScoringModel, g: Float64Array): RiskBreakdown {
  const components = {} as Record<RiskComponentKey, number>;
  let total = 0;
  let weights = 0;
  for (const key of RISK_COMPONENTS) {
    const c = model.risk[key];
    let sum = 0;
    let w = 0;
    for (const [field, fw] of Object.entries(c.factors) as [ScoredField, number][]) {
      sum += fw * (1 - g[SCORED_INDEX[field]]);
      w += fw;
    }
    const value = w > 0 ? (100 * sum) / w : 0;
    components[key] = round1(value);
    total += c.weight * value;
    weights += c.weight;
  }
  return { total: round1(weights > 0 ? total / weights : 0), components };
}
