// One evaluation of an opportunity against a model, without words: goodness, effort, points, score, risk,
// knock-outs and verdict. Everything else (drivers, rationale, counterfactual) is built from this.
import { effortGoodness, effortOf } from "./effort";
import { goodnessVector } from "./goodness";
import { riskOf } from "./risk";
import { knockOutsOf, rawPoints, scoreOf, verdictOf } from "./score";
import type { ScoringModel } from "./schema";
import type { EffortBreakdown, KnockOut, Opportunity, RiskBreakdown, Verdict } from "./types";

export interface Evaluation {
  g: Float64Array;
  effort: EffortBreakdown;
  effortG: number;
  points: Float64Array; // unrounded, SCORED_FIELDS order then bid effort
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
