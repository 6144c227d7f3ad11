// One evaluation of an opportunity against a model, without words: goodness, effort, points, score, risk,
// knock-outs and verdict. Everything else (drivers, rationale, counterfactual) is built from this.
import { effortGoodness, effortOf } from "./effort";
import { SCORED_INDEX } from "./compiled";
import { goodnessOf, goodnessVector } from "./goodness";
import { riskOf } from "./risk";
import { knockOutsOf, rawPoints, scoreOf, verdictOf } from "./score";
import type { ScoredField, ScoringModel } from "./schema";
import type { EffortBreakdown, FieldKey, KnockOut, Opportunity, RiskBreakdown, Verdict } from "./types";

export interface Evaluation {
  g: number[];
  effort: EffortBreakdown;
  effortG: number;
  points: number[]; // unrounded, SCORED_FIELDS order then bid effort
  score: number;
  risk: RiskBreakdown;
  knockOuts: KnockOut[];
  verdict: Verdict;
}

export function evaluate(model: ScoringModel, opp: Opportunity, asOf: number): Evaluation {
  const g = goodnessVector(model, opp, asOf);
  const effort = effortOf(model, opp);
  const effortG = effortGoodness(model, effort, opp);
  const points = rawPoints(model, g, effortG);
  const score = scoreOf(points);
  const risk = riskOf(model, g);
  const knockOuts = knockOutsOf(model, opp);
  const verdict = verdictOf(model, score, risk, knockOuts.length > 0);
  return { g, effort, effortG, points, score, risk, knockOuts, verdict };
}

/** Fields whose change alters the effort or its goodness, so the bid-effort factor must be recomputed. */
const EFFORT_INPUTS = new Set<FieldKey>(["customization", "rfp", "dealValue", "developmentSize"]);

/**
 * The evaluation of `opp` (already holding the changes) given the evaluation of the original: only the changed
 * fields' goodness, and the effort when an effort input changed, are recomputed. Same result as evaluate(),
 * a fraction of the work, which the counterfactual search needs because it tries many changes per row.
 */
export function reevaluate(
  model: ScoringModel,
  opp: Opportunity,
  base: Evaluation,
  changed: readonly ScoredField[],
  asOf: number,
): Evaluation {
  const g = base.g.slice();
  let effortChanged = false;
  for (const field of changed) {
    g[SCORED_INDEX[field]] = goodnessOf(model, field, opp, asOf);
    if (EFFORT_INPUTS.has(field)) effortChanged = true;
  }
  const effort = effortChanged ? effortOf(model, opp) : base.effort;
  const effortG = effortChanged ? effortGoodness(model, effort, opp) : base.effortG;
  const points = rawPoints(model, g, effortG);
  const score = scoreOf(points);
  const risk = riskOf(model, g);
  const knockOuts = knockOutsOf(model, opp);
  const verdict = verdictOf(model, score, risk, knockOuts.length > 0);
  return { g, effort, effortG, points, score, risk, knockOuts, verdict };
}
