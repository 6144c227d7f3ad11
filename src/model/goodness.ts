// Goodness: what each scored field's value is worth to the opportunity, from 0 (worst) to 1 (best), as the
// model's value maps say. Missing and unrecognised values take the model's (conservative) "missing" goodness.
import { interpolate } from "./curve";
import { SCORED_FIELDS, type ScoredField, type ScoringModel } from "./schema";
import type { Opportunity } from "./types";

const DAYS_PER_MONTH = 365.25 / 12;

/** Index of each scored field in goodness vectors. */
export const SCORED_INDEX: Record<ScoredField, number> = Object.fromEntries(
  SCORED_FIELDS.map((f, i) => [f, i]),
) as Record<ScoredField, number>;

type ValueMap = { levels?: Record<string, number>; curve?: [number, number][]; missing: number };

/** The goodness of one field's value; `opp` and `asOf` are needed for the date-relative fields. */
export function goodnessOf(model: ScoringModel, field: ScoredField, opp: Opportunity, asOf: number): number {
  const v = opp[field];
  const map = model.values[field] as ValueMap;
  if (v.status !== "ok") return map.missing;
  if (map.levels) {
    const g = map.levels[String(v.value)];
    if (g === undefined) return map.missing;
    if (field === "solutionAvailability" && v.value === "onRoadmap")
      return g * roadmapFactor(model, opp, asOf);
    return g;
  }
  let x = v.value as number;
  if (field === "responseDue") x = x - asOf; // days left to respond
  return interpolate(map.curve!, x);
}

/** A roadmap promise is worth less the further away it is, and less again when it has no date. */
function roadmapFactor(model: ScoringModel, opp: Opportunity, asOf: number): number {
  const sa = model.values.solutionAvailability;
  const date = opp.roadmapDate;
  if (date.status !== "ok") return sa.roadmapUndated;
  return interpolate(sa.roadmapCurve, ((date.value as number) - asOf) / DAYS_PER_MONTH);
}

export function goodnessVector(model: ScoringModel, opp: Opportunity, asOf: number): Float64Array {
  const g = new Float64Array(SCORED_FIELDS.length);
  for (let i = 0; i < SCORED_FIELDS.length; i++) g[i] = goodnessOf(model, SCORED_FIELDS[i], opp, asOf);
  return g;
}
