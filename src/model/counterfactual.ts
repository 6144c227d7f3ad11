// The counterfactual: the smallest set of changes to the fields a team can act on (the model's "changeable"
// list: financing, requirements clarity, resources, customization, margin) that would make the opportunity
// Qualified, or a plain statement that no such change exists.
import { reevaluate, type Evaluation } from "./evaluate";
import { fieldLabel, shortLabel } from "./fields";
import { describeShortfalls, describeValue } from "./rationale";
import { shortfalls } from "./score";
import { RISK_COMPONENTS } from "./compiled";
import type { ScoredField, ScoringModel } from "./schema";
import type { Change, FieldValue, Opportunity } from "./types";

interface Candidate {
  field: ScoredField;
  value: string | number;
  rank: number; // 1 = the smallest improvement on the current value
  dScore: number;
  dRisk: number;
  dComponents: number[]; // change of each risk component, RISK_COMPONENTS order
  lifts: Set<string>; // knock-out rules this change lifts
}

/** The opportunity with one field changed; the rest is read through the prototype, so nothing is copied. */
function withValue(opp: Opportunity, field: ScoredField, value: string | number): Opportunity {
  const changed = Object.create(opp) as Opportunity;
  changed[field] = { status: "ok", value, raw: value } as FieldValue;
  return changed;
}

function sum(points: readonly number[]): number {
  let s = 0;
  for (const p of points) s += p;
  return s;
}

function list(items: string[], word: string): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

/** Better values of each changeable field, with what each alone does to the score and the risk. */
function candidates(model: ScoringModel, opp: Opportunity, base: Evaluation, asOf: number): Candidate[][] {
  const baseScore = sum(base.points);
  const out: Candidate[][] = [];
  for (const [field, values] of Object.entries(model.counterfactual.changeable) as [
    ScoredField,
    (string | number)[],
  ][]) {
    const current = opp[field];
    const options: Candidate[] = [];
    for (const value of values) {
      if (current.status === "ok" && current.value === value) continue;
      const e = reevaluate(model, withValue(opp, field, value), base, [field], asOf);
      const dScore = sum(e.points) - baseScore;
      const dRisk = e.risk.total - base.risk.total;
      const still = new Set(e.knockOuts.map((k) => k.rule));
      const lifts = new Set(base.knockOuts.map((k) => k.rule).filter((r) => !still.has(r)));
      // Only changes that help: a higher score without more risk, less risk without a lower score, or a lifted knock-out.
      if ((dScore > 1e-9 && dRisk <= 1e-9) || (dRisk < -1e-9 && dScore >= -1e-9) || lifts.size > 0) {
        const dComponents = RISK_COMPONENTS.map((c) => e.risk.components[c] - base.risk.components[c]);
        options.push({ field, value, rank: options.length + 1, dScore, dRisk, dComponents, lifts });
      }
    }
    if (options.length > 0) out.push(options);
  }
  return out;
}

function* combinations<T>(items: T[], k: number, start = 0, acc: T[] = []): Generator<T[]> {
  if (acc.length === k) {
    yield acc;
    return;
  }
  for (let i = start; i < items.length; i++) yield* combinations(items, k, i + 1, [...acc, items[i]]);
}

function* choices(groups: Candidate[][], i = 0, acc: Candidate[] = []): Generator<Candidate[]> {
  if (i === groups.length) {
    yield acc;
    return;
  }
  for (const c of groups[i]) yield* choices(groups, i + 1, [...acc, c]);
}

function apply(opp: Opportunity, changes: Candidate[]): Opportunity {
  return changes.reduce((o, c) => withValue(o, c.field, c.value), opp);
}

function found(changes: Candidate[], max: number): Counterfactual {
  const lead =
    changes.length > max ? `Would qualify only with ${changes.length} changes:` : "Would qualify if";
  const text = `${lead} ${list(
    changes.map((c) => `${shortLabel(c.field)} were ${describeValue(c.field, c.value)}`),
    "and",
  )}.`;
  return {
    text,
    changes: changes.map((c) => ({ field: c.field, value: c.value, label: describeValue(c.field, c.value) })),
  };
}

export interface Counterfactual {
  text: string;
  changes: Change[]; // empty when no change to the changeable fields would qualify it
}

export function counterfactualOf(
  model: ScoringModel,
  opp: Opportunity,
  base: Evaluation,
  asOf: number,
): Counterfactual | null {
  if (base.verdict === "Qualified") return null;
  const groups = candidates(model, opp, base, asOf);
  const changeable = Object.keys(model.counterfactual.changeable).map(fieldLabel);
  const check = (changes: Candidate[]) =>
    reevaluate(
      model,
      apply(opp, changes),
      base,
      changes.map((c) => c.field),
      asOf,
    );
  // If even the best of every lever does not qualify it, nothing smaller will: say what still stands in the way.
  const best = groups.map((g) => g[g.length - 1]);
  const atBest = best.length === 0 ? base : check(best);
  if (atBest.verdict !== "Qualified") {
    const blockers = [
      ...atBest.knockOuts.map((k) => k.reason),
      ...describeShortfalls(model, shortfalls(model.thresholds.qualified, atBest.score, atBest.risk)),
    ];
    const lead = best.length > 0 ? "even at their best, " : "";
    return {
      text: `No change to ${list(changeable, "or")} would qualify it: ${lead}${list(blockers, "and")}.`,
      changes: [],
    };
  }

  const { minScore, maxRisk, maxComponentRisk } = model.thresholds.qualified;
  const baseScore = base.score;
  const baseComponents = RISK_COMPONENTS.map((c) => base.risk.components[c]);
  const knocked = base.knockOuts.map((k) => k.rule);
  const slack = 0.15; // deltas add up only approximately once rounding and curves combine; the full check decides
  // Score and risk are sums over fields, so a set of changes is first judged by adding up each change's effect.
  const promising = (changes: Candidate[]): boolean => {
    let score = baseScore;
    let risk = base.risk.total;
    for (const c of changes) {
      score += c.dScore;
      risk += c.dRisk;
    }
    if (score < minScore - slack || risk > maxRisk + slack) return false;
    for (let i = 0; i < baseComponents.length; i++) {
      let v = baseComponents[i];
      for (const c of changes) v += c.dComponents[i];
      if (v > maxComponentRisk + slack) return false;
    }
    return knocked.every((rule) => changes.some((c) => c.lifts.has(rule)));
  };
  for (let k = 1; k <= Math.min(model.counterfactual.maxChanges, groups.length); k++) {
    const finalists: Candidate[][] = [];
    for (const fields of combinations(groups, k)) {
      for (const changes of choices(fields)) if (promising(changes)) finalists.push(changes);
    }
    finalists.sort((a, b) => a.reduce((s, c) => s + c.rank, 0) - b.reduce((s, c) => s + c.rank, 0));
    for (const changes of finalists) {
      if (check(changes).verdict === "Qualified") return found(changes, model.counterfactual.maxChanges);
    }
  }
  return found(best, model.counterfactual.maxChanges);
}
