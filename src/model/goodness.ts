// Goodness: what each scored field's value is worth to the opportunity, from 0 (worst) to 1 (best), as the
// model's value maps say. Missing and unrecognised values take the model's (conservative) "missing" goodness.
import { compile, SCORED_INDEX, type CompiledField, type CompiledModel } from "./compiled";
import { interpolate } from "./curve";
import type { ScoredField, ScoringModel } from "./schema";
import type { Opportunity } from "./types";

const DAYS_PER_MONTH = 365.25 / 12;

function fieldGoodness(c: CompiledModel, f: CompiledField, opp: Opportunity, asOf: number): number {
  const v = opp[f.key];
  if (v.status !== "ok") return f.missing;
  if (f.levels) {
    const g = f.levels.get(v.value as string);
    if (g === undefined) return f.missing;
    if (v.value === "onRoadmap" && f.key === "solutionAvailability") return g * roadmapFactor(c, opp, asOf);
    return g;
  }
  const x = f.key === "responseDue" ? (v.value as number) - asOf : (v.value as number); // days left to respond
  return interpolate(f.curve!, x);
}

/** A roadmap promise is worth less the further away it is, and less again when it has no date. */
function roadmapFactor(c: CompiledModel, opp: Opportunity, asOf: number): number {
  const date = opp.roadmapDate;
  if (date.status !== "ok") return c.roadmapUndated;
  return interpolate(c.roadmap, ((date.value as number) - asOf) / DAYS_PER_MONTH);
}

export function goodnessVector(model: ScoringModel, opp: Opportunity, asOf: number): number[] {
  const c = compile(model);
  // Plain arrays, not typed ones: small typed arrays are allocated off the heap and bloat memory per row.
  const g: number[] = new Array<number>(c.fields.length);
  for (let i = 0; i < c.fields.length; i++) g[i] = fieldGoodness(c, c.fields[i], opp, asOf);
  return g;
}

/** The goodness of one field of `opp`, for re-scoring an opportunity after a change to that field. */
export function goodnessOf(model: ScoringModel, field: ScoredField, opp: Opportunity, asOf: number): number {
  const c = compile(model);
  return fieldGoodness(c, c.fields[SCORED_INDEX[field]], opp, asOf);
}
