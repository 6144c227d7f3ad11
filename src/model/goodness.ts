// Goodness: what each scored field's value is worth to the opportunity, from 0 (worst) to 1 (best), as the
// model's value maps say. Missing and unrecognised values take the model's (conservative) "missing" goodness.
import { compile, SCORED_INDEX, type CompiledField, type CompiledModel } from "./compiled";
import { interpolate } from "./curve";
import type { ScoredField, ScoringModel } from "./schema";
import type { FieldValue, Opportunity } from "./types";

const DAYS_PER_MONTH = 365.25 / 12;

function fieldGoodness(c: CompiledModel, f: CompiledField, opp: Opportunity, asOf: number): number {
  const v = opp[f.key];
  const g = valueGoodness(f, v, asOf);
  if (
    f.key === "solutionAvailability" &&
    v.status === "ok" &&
    v.value === "onRoadmap" &&
    f.levels!.has("onRoadmap")
  ) {
    const date = opp.roadmapDate;
    return roadmapGoodness(
      c,
      g,
      date.status === "ok",
      date.status === "ok" ? (date.value as number) : 0,
      asOf,
    );
  }
  return g;
}

/** What one parsed value is worth, before the roadmap discount (which needs a second field). */
export function valueGoodness(f: CompiledField, v: FieldValue, asOf: number): number {
  return v.status === "ok" ? recognisedGoodness(f, v.value, asOf) : f.missing;
}

/** What a recognised value is worth, before the roadmap discount. */
export function recognisedGoodness(f: CompiledField, value: number | string | boolean, asOf: number): number {
  if (f.levels) return f.levels.get(value as string) ?? f.missing;
  const x = f.key === "responseDue" ? (value as number) - asOf : (value as number); // days left to respond
  return interpolate(f.curve!, x);
}

/**
 * What "On roadmap" (worth `g` undiscounted) is worth with its roadmap date: less the further away it is, and
 * less again when it has no date, but never less than the next worse level, Not available: a far-away promise
 * must not score below having no solution at all.
 */
export function roadmapGoodness(
  c: CompiledModel,
  g: number,
  dated: boolean,
  date: number,
  asOf: number,
): number {
  return Math.max(g * roadmapFactor(c, dated, date, asOf), c.roadmapFloor);
}

/** A roadmap promise is worth less the further away it is, and less again when it has no date. */
export function roadmapFactor(c: CompiledModel, dated: boolean, date: number, asOf: number): number {
  if (!dated) return c.roadmapUndated;
  return interpolate(c.roadmap, (date - asOf) / DAYS_PER_MONTH);
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
