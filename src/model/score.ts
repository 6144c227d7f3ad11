// The score and the verdict. Each factor's points are its share of 100 (its weight over all weights) times
// how far its goodness sits above or below the middle, around a baseline of 50, so the score is exactly the
// baseline plus every factor's points and lies in 0–100 without clamping. The verdict compares score and risk
// with the model's thresholds after its knock-out rules.
import { compile, type CompiledKnockOut } from "./compiled";
import type { ScoringModel } from "./schema";
import { round1 } from "./output";
import type { Grade, KnockOut, Opportunity, RiskBreakdown, RiskComponentKey, Verdict } from "./types";

export const BASELINE = 50;

/** Points of every scored field (in SCORED_FIELDS order) and then of the bid effort, unrounded. */
export function rawPoints(model: ScoringModel, g: readonly number[], effortG: number): number[] {
  const coef = compile(model).coef;
  const n = g.length;
  const out: number[] = new Array<number>(n + 1);
  for (let i = 0; i < n; i++) out[i] = coef[i] * (g[i] - 0.5);
  out[n] = coef[n] * (effortG - 0.5);
  return out;
}

export function scoreOf(points: readonly number[]): number {
  let s = BASELINE;
  for (let i = 0; i < points.length; i++) s += points[i];
  return round1(s);
}

/**
 * Rounds each factor's points to 0.1 so that, with the baseline, they add up exactly to the rounded score
 * (largest remainders take the leftover tenths), so a manager can add up what the drivers say.
 */
export function apportion(points: readonly number[], score: number): number[] {
  const tenths = Array.from(points, (p) => p * 10);
  const floors = tenths.map(Math.floor);
  let left = Math.round((score - BASELINE) * 10) - floors.reduce((a, b) => a + b, 0);
  const order = tenths.map((t, i) => [t - floors[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0 && k < order.length; k++, left--) floors[order[k][1]] += 1;
  return floors.map((t) => t / 10);
}

export function gradeOf(model: ScoringModel, score: number): Grade {
  const g = model.grades;
  return score >= g.A ? "A" : score >= g.B ? "B" : score >= g.C ? "C" : "D";
}

// Most opportunities trip no knock-out: share one empty list instead of allocating one per row.
const NONE: KnockOut[] = Object.freeze([]) as unknown as KnockOut[];

export function knockOutsOf(model: ScoringModel, opp: Opportunity): KnockOut[] {
  let out: KnockOut[] | null = null;
  for (const k of compile(model).knockOuts) {
    const v = opp[k.field];
    // An unknown value is penalised by its missing goodness, not knocked out.
    if (
      v.status === "ok" &&
      knockOutHits(k, v.value) &&
      !(k.unlessPresent && opp[k.unlessPresent].status === "ok")
    )
      (out ??= []).push({ rule: k.rule, reason: k.reason });
  }
  return out ?? NONE;
}

/** Whether a recognised value trips a knock-out rule's condition (before its "unless present" exception). */
export function knockOutHits(k: CompiledKnockOut, value: number | string | boolean): boolean {
  return k.levels
    ? k.levels.has(String(value))
    : k.below !== undefined
      ? (value as number) < k.below
      : k.above !== undefined && (value as number) > k.above;
}

type Threshold = ScoringModel["thresholds"]["qualified"];

export interface Shortfall {
  kind: "score" | "risk" | "component";
  component?: RiskComponentKey;
  value: number;
  limit: number;
}

/** Which parts of a threshold an opportunity misses (empty when it meets it). */
export function shortfalls(t: Threshold, score: number, risk: RiskBreakdown): Shortfall[] {
  const out: Shortfall[] = [];
  if (score < t.minScore) out.push({ kind: "score", value: score, limit: t.minScore });
  if (risk.total > t.maxRisk) out.push({ kind: "risk", value: risk.total, limit: t.maxRisk });
  for (const key of Object.keys(risk.components) as RiskComponentKey[]) {
    const v = risk.components[key];
    if (v > t.maxComponentRisk)
      out.push({ kind: "component", component: key, value: v, limit: t.maxComponentRisk });
  }
  return out;
}

/** Whether a threshold is met: the same test as `shortfalls(...).length === 0`, without building the list. */
function meets(t: Threshold, score: number, risk: number, worstComponent: number): boolean {
  return score >= t.minScore && risk <= t.maxRisk && worstComponent <= t.maxComponentRisk;
}

export function verdictOf(
  model: ScoringModel,
  score: number,
  risk: RiskBreakdown,
  knocked: boolean,
): Verdict {
  const c = risk.components;
  const worst = Math.max(c.delivery, c.commercial, c.customer, c.competitive);
  return verdictFrom(model, score, risk.total, worst, knocked);
}

/** The verdict from the numbers alone: score, total risk and the riskiest component. */
export function verdictFrom(
  model: ScoringModel,
  score: number,
  risk: number,
  worstComponent: number,
  knocked: boolean,
): Verdict {
  if (knocked) return "Not qualified";
  const { qualified, conditional } = model.thresholds;
  if (meets(qualified, score, risk, worstComponent)) return "Qualified";
  if (meets(conditional, score, risk, worstComponent)) return "Conditional";
  return "Not qualified";
}
