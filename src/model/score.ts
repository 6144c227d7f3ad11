// The score's baseline, grades and verdict. Each factor's points are its share of 100 (its weight over all
// weights) times how far its goodness sits above or below the middle, around a baseline of 50, so the score is
// exactly the baseline plus every factor's points and lies in 0–100 without clamping. The verdict compares score
// and risk with the model's thresholds after its knock-out rules.
import type { ScoringModel } from "./schema";
import type { Grade, RiskComponentKey, Verdict } from "./types";

export const BASELINE = 50;

export function gradeOf(model: ScoringModel, score: number): Grade {
  const g = model.grades;
  return score >= g.A ? "A" : score >= g.B ? "B" : score >= g.C ? "C" : "D";
}

type Threshold = ScoringModel["thresholds"]["qualified"];

export interface Shortfall {
  kind: "score" | "risk" | "component";
  component?: RiskComponentKey;
  value: number;
  limit: number;
}

/**
 * Which parts of a threshold an opportunity misses (empty when it meets it). `components` holds the risk
 * components in `keys` order, component k at components[offset + k * stride].
 */
export function shortfalls(
  t: Threshold,
  score: number,
  risk: number,
  keys: readonly RiskComponentKey[],
  components: ArrayLike<number>,
  offset = 0,
  stride = 1,
): Shortfall[] {
  const pool = Array.from({ length: 2 + keys.length }, (): Shortfall => ({
    kind: "score",
    value: 0,
    limit: 0,
  }));
  return pool.slice(0, shortfallsInto(pool, t, score, risk, keys, components, offset, stride));
}

/**
 * The same, written into the first entries of `pool` (at least 2 + keys.length of them, reused by a caller that
 * words a row at a time): how many there are.
 */
export function shortfallsInto(
  pool: Shortfall[],
  t: Threshold,
  score: number,
  risk: number,
  keys: readonly RiskComponentKey[],
  components: ArrayLike<number>,
  offset = 0,
  stride = 1,
): number {
  let n = 0;
  const put = (
    kind: Shortfall["kind"],
    component: RiskComponentKey | undefined,
    value: number,
    limit: number,
  ) => {
    const gap = pool[n++];
    gap.kind = kind;
    gap.component = component;
    gap.value = value;
    gap.limit = limit;
  };
  if (score < t.minScore) put("score", undefined, score, t.minScore);
  if (risk > t.maxRisk) put("risk", undefined, risk, t.maxRisk);
  for (let k = 0; k < keys.length; k++) {
    const v = components[offset + k * stride];
    if (v > t.maxComponentRisk) put("component", keys[k], v, t.maxComponentRisk);
  }
  return n;
}

/** Whether a threshold is met: the same test as `shortfalls(...).length === 0`, without building the list. */
function meets(t: Threshold, score: number, risk: number, worstComponent: number): boolean {
  return score >= t.minScore && risk <= t.maxRisk && worstComponent <= t.maxComponentRisk;
}

/**
 * The verdicts, best first: a verdict's code is its index here. "Needs information" sits between the verdicts
 * the data can earn and "Not qualified": a row that lacks the data to decide is never called Not qualified
 * unless a knock-out trips or no value of the missing fields could lift it.
 */
export const VERDICTS: readonly Verdict[] = [
  "Qualified",
  "Conditional",
  "Needs information",
  "Not qualified",
];
export const QUALIFIED = 0;
export const CONDITIONAL = 1;
export const NEEDS_INFORMATION = 2;
export const NOT_QUALIFIED = 3;

/** The verdict's code (index in VERDICTS) from the numbers alone: score, total risk and the riskiest component. */
export function verdictCode(
  model: ScoringModel,
  score: number,
  risk: number,
  worstComponent: number,
  knocked: boolean,
): number {
  if (knocked) return NOT_QUALIFIED;
  const { qualified, conditional } = model.thresholds;
  if (meets(qualified, score, risk, worstComponent)) return QUALIFIED;
  if (meets(conditional, score, risk, worstComponent)) return CONDITIONAL;
  return NOT_QUALIFIED;
}
