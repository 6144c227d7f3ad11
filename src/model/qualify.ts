// Qualification of one opportunity: the full, explained Assessment, or just the numbers (Scores) where no
// words are needed. Both come from the same evaluation, so they always agree.
import { compile } from "./compiled";
import { counterfactualOf } from "./counterfactual";
import { evaluate } from "./evaluate";
import { FIELDS, fieldLabel } from "./fields";
import { fieldReason, formatMoney } from "./rationale";
import { SCORED_FIELDS, type ScoringModel } from "./schema";
import { apportion, BASELINE, gradeOf } from "./score";
import { rationaleOf } from "./rationale";
import type { AssessOptions, Assessment, Driver, FieldKey, Opportunity, Scores, Subject } from "./types";

function text(v: Opportunity[FieldKey]): string | null {
  return v.status === "ok" ? String(v.value) : null;
}

export function subjectOf(opp: Opportunity): Subject {
  const deal = opp.dealValue;
  return {
    id: text(opp.id),
    name: text(opp.name),
    customer: text(opp.customer),
    dealValue: deal.status === "ok" ? (deal.value as number) : null,
  };
}

/** A roadmap date is only asked for when the solution is not available today. */
function roadmapMatters(opp: Opportunity): boolean {
  const sa = opp.solutionAvailability;
  return sa.status !== "ok" || sa.value === "onRoadmap" || sa.value === "notAvailable";
}

export function scoreOpportunity(opp: Opportunity, model: ScoringModel, options: AssessOptions): Scores {
  const e = evaluate(model, opp, options.asOf);
  return {
    verdict: e.verdict,
    score: e.score,
    grade: gradeOf(model, e.score),
    risk: e.risk.total,
    effort: e.effort.total,
  };
}

function effortReason(total: number, pct: number | null, bidCost: number): string {
  const cost = pct !== null ? `${pct}% of deal value` : `bid cost ${formatMoney(bidCost)}`;
  return `Bid effort ${total} pd (${cost})`;
}

export function assess(opp: Opportunity, model: ScoringModel, options: AssessOptions): Assessment {
  const asOf = options.asOf;
  const e = evaluate(model, opp, asOf);
  const rounded = apportion(e.points, e.score);
  const c = compile(model);
  const drivers: Driver[] = [
    { factor: "baseline", label: "Baseline", points: BASELINE, max: BASELINE, reason: "Neutral start" },
  ];
  for (let i = 0; i < SCORED_FIELDS.length; i++) {
    if (c.coef[i] === 0) continue;
    const field = SCORED_FIELDS[i];
    drivers.push({
      factor: field,
      label: fieldLabel(field),
      points: rounded[i],
      max: c.maxPoints[i],
      reason: fieldReason(field, opp[field], asOf, opp.roadmapDate),
    });
  }
  const n = SCORED_FIELDS.length;
  if (c.coef[n] > 0) {
    drivers.push({
      factor: "bidEffort",
      label: "Bid effort",
      points: rounded[n],
      max: c.maxPoints[n],
      reason: effortReason(e.effort.total, e.effort.bidCostPct, e.effort.bidCost),
    });
  }
  const missing: FieldKey[] = [];
  const unrecognised: { field: FieldKey; raw: string }[] = [];
  for (const f of FIELDS) {
    if (f.kind === "text") continue; // names and ids do not change the verdict
    if (f.key === "roadmapDate" && !roadmapMatters(opp)) continue;
    const v = opp[f.key];
    if (v.status === "missing") missing.push(f.key);
    else if (v.status === "unrecognised") unrecognised.push({ field: f.key, raw: v.raw });
  }
  const risk = e.risk;
  const rationale = rationaleOf(model, {
    verdict: e.verdict,
    score: e.score,
    risk,
    knockOuts: e.knockOuts,
    drivers,
    missing,
    unrecognised,
  });
  const cf = options.counterfactual === false ? null : counterfactualOf(model, opp, e, asOf);
  return {
    subject: subjectOf(opp),
    verdict: e.verdict,
    score: e.score,
    grade: gradeOf(model, e.score),
    risk,
    effort: e.effort,
    drivers,
    knockOuts: e.knockOuts,
    rationale,
    counterfactual: cf?.text ?? null,
    changes: cf?.changes ?? [],
    missing,
    unrecognised,
    model: { name: model.name, version: model.version },
  };
}
