// A validated model compiled once into flat arrays and maps, so scoring a row does no object walking and little
// allocation. Compiled lazily and cached per model object (models are immutable once loaded).
import { flatten, type FlatCurve } from "./curve";
import { SCORED_FIELDS, type ScoredField, type ScoringModel } from "./schema";
import type { FieldKey, RiskComponentKey } from "./types";

export interface CompiledField {
  key: ScoredField;
  levels: Map<string, number> | null;
  curve: FlatCurve | null;
  missing: number;
}

export interface CompiledComponent {
  key: RiskComponentKey;
  weight: number;
  index: Int32Array; // positions in SCORED_FIELDS
  w: Float64Array;
  wsum: number;
}

export interface CompiledKnockOut {
  rule: string;
  reason: string;
  field: ScoredField;
  levels: Set<string> | null;
  below: number | undefined;
  above: number | undefined;
  unlessPresent: FieldKey | undefined;
}

export interface CompiledModel {
  fields: CompiledField[];
  /** Points per unit of goodness, SCORED_FIELDS order then bid effort: 100 × weight / Σ weights. */
  coef: Float64Array;
  components: CompiledComponent[];
  componentWeightSum: number;
  knockOuts: CompiledKnockOut[];
  roadmap: FlatCurve;
  roadmapUndated: number;
  /** The least "On roadmap" is worth, however far away: the next worse level's (Not available) goodness. */
  roadmapFloor: number;
  costPct: FlatCurve;
  /** The most each factor can give or take, in points (SCORED_FIELDS order, bid effort), rounded up to 0.1. */
  maxPoints: Float64Array;
}

export const RISK_COMPONENTS: readonly RiskComponentKey[] = [
  "delivery",
  "commercial",
  "customer",
  "competitive",
];
export const SCORED_INDEX: Record<ScoredField, number> = Object.fromEntries(
  SCORED_FIELDS.map((f, i) => [f, i]),
) as Record<ScoredField, number>;

const cache = new WeakMap<ScoringModel, CompiledModel>();

export function compile(model: ScoringModel): CompiledModel {
  const hit = cache.get(model);
  if (hit) return hit;
  const weights = model.weights as Record<string, number>;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const coef = new Float64Array(SCORED_FIELDS.length + 1);
  SCORED_FIELDS.forEach((f, i) => (coef[i] = (100 * weights[f]) / total));
  coef[SCORED_FIELDS.length] = (100 * weights.bidEffort) / total;
  const fields = SCORED_FIELDS.map((key): CompiledField => {
    const v = model.values[key] as {
      levels?: Record<string, number>;
      curve?: [number, number][];
      missing: number;
    };
    return {
      key,
      levels: v.levels ? new Map(Object.entries(v.levels)) : null,
      curve: v.curve ? flatten(v.curve) : null,
      missing: v.missing,
    };
  });
  const components = RISK_COMPONENTS.map((key): CompiledComponent => {
    const c = model.risk[key];
    const entries = Object.entries(c.factors).filter(([, w]) => (w ?? 0) > 0) as [ScoredField, number][];
    return {
      key,
      weight: c.weight,
      index: Int32Array.from(entries, ([f]) => SCORED_INDEX[f]),
      w: Float64Array.from(entries, ([, w]) => w),
      wsum: entries.reduce((s, [, w]) => s + w, 0),
    };
  });
  const knockOuts = Object.entries(model.knockouts)
    .filter(([, k]) => k.enabled)
    .map(([rule, k]): CompiledKnockOut => ({
      rule,
      reason: k.reason,
      field: k.field,
      levels: k.levels ? new Set(k.levels) : null,
      below: k.below,
      above: k.above,
      unlessPresent: k.unlessPresent,
    }));
  const compiled: CompiledModel = {
    fields,
    coef,
    components,
    componentWeightSum: components.reduce((s, c) => s + c.weight, 0),
    knockOuts,
    roadmap: flatten(model.values.solutionAvailability.roadmapCurve),
    roadmapUndated: model.values.solutionAvailability.roadmapUndated,
    roadmapFloor: model.values.solutionAvailability.levels.notAvailable,
    costPct: flatten(model.effort.costPctCurve),
    // Rounded up, not to the nearest tenth: a driver's points, rounded to tenths, can reach the next tenth.
    maxPoints: coef.map((c) => Math.ceil(c * 5) / 10),
  };
  cache.set(model, compiled);
  return compiled;
}
