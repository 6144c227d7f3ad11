// The counterfactual: the smallest set of changes to the fields a team can act on (the model's "changeable"
// list: financing, requirements clarity, resources, customization, margin) that would make the opportunity
// Qualified, or a plain statement that no such change exists. Every change is tried as a variant of the row in
// a block of its own and scored by the same evaluate() as the row itself.
import { Block, BLOCK } from "./block";
import { evaluate, VERDICTS } from "./evaluate";
import { knockOutsAt } from "./explain";
import { fieldLabel, shortLabel } from "./fields";
import { fieldIndex, OK, RISK_COMPONENTS, type FieldPlan, type ModelPlan } from "./plan";
import { describeShortfalls, describeValue } from "./rationale";
import { shortfalls } from "./score";
import type { Change } from "./types";

export interface Counterfactual {
  text: string;
  changes: Change[]; // empty when no change to the changeable fields would qualify it
}

interface Candidate {
  field: FieldPlan;
  value: string | number;
  lvl: number;
  num: number;
  rank: number; // 1 = the smallest improvement on the current value
  dScore: number;
  dRisk: number;
  dComponents: number[]; // change of each risk component, RISK_COMPONENTS order
  lifts: number[]; // knock-out rules (plan order) this change lifts
}

const QUALIFIED = VERDICTS.indexOf("Qualified");

function list(items: string[], word: string): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
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

function found(changes: Candidate[], max: number): Counterfactual {
  const lead =
    changes.length > max ? `Would qualify only with ${changes.length} changes:` : "Would qualify if";
  const text = `${lead} ${list(
    changes.map((c) => `${shortLabel(c.field.key)} were ${describeValue(c.field.key, c.value)}`),
    "and",
  )}.`;
  return {
    text,
    changes: changes.map((c) => ({
      field: c.field.key,
      value: c.value,
      label: describeValue(c.field.key, c.value),
    })),
  };
}

/** Searches counterfactuals for evaluated rows of a block; owns the block its variants are scored in. */
export class CounterfactualSearch {
  private readonly variants: Block;

  constructor(
    private readonly plan: ModelPlan,
    private readonly slots: Int32Array,
  ) {
    this.variants = plan.blocks.variants ??= new Block(plan.knockOuts.length);
  }

  /** Scores variants of row r of `b`, each with its changes, into this.variants[0, sets.length). */
  private score(b: Block, r: number, sets: readonly (readonly Candidate[])[], asOf: number): void {
    const v = this.variants;
    sets.forEach((changes, i) => {
      v.copyRow(b, r, i);
      for (const c of changes) v.setValue(c.field, i, c.lvl, c.num, asOf);
    });
    evaluate(this.plan, v, sets.length, asOf, this.slots);
  }

  /** Better values of each changeable field, with what each alone does to the score and the risk. */
  private candidates(b: Block, r: number, asOf: number): Candidate[][] {
    const B = BLOCK;
    const tried: Candidate[] = [];
    for (const [key, values] of Object.entries(this.plan.model.counterfactual.changeable)) {
      const field = this.plan.fields[fieldIndex(key as never)];
      const at = field.index * B + r;
      for (const value of values ?? []) {
        const lvl = field.levelKeys.length > 0 ? field.levelKeys.indexOf(String(value)) : -1;
        const num = field.levelKeys.length > 0 ? NaN : Number(value);
        if (b.st[at] === OK && (lvl >= 0 ? b.lvl[at] === lvl : b.num[at] === num)) continue;
        tried.push({ field, value, lvl, num, rank: 0, dScore: 0, dRisk: 0, dComponents: [], lifts: [] });
      }
    }
    const v = this.variants;
    const rules = this.plan.knockOuts.length;
    for (let from = 0; from < tried.length; from += B) {
      const chunk = tried.slice(from, from + B);
      this.score(
        b,
        r,
        chunk.map((c) => [c]),
        asOf,
      );
      chunk.forEach((c, i) => {
        c.dScore = v.pointSum[i] - b.pointSum[r];
        c.dRisk = v.risk[i] - b.risk[r];
        c.dComponents = RISK_COMPONENTS.map((_, k) => v.components[k * B + i] - b.components[k * B + r]);
        for (let k = 0; k < rules; k++)
          if (b.knocks[k * B + r] === 1 && v.knocks[k * B + i] === 0) c.lifts.push(k);
      });
    }
    const groups: Candidate[][] = [];
    let group: Candidate[] = [];
    tried.forEach((c, i) => {
      if (i > 0 && c.field !== tried[i - 1].field && group.length > 0) {
        groups.push(group);
        group = [];
      } else if (i > 0 && c.field !== tried[i - 1].field) group = [];
      // Only changes that help: a higher score without more risk, less risk without a lower score, or a lifted knock-out.
      if (
        (c.dScore > 1e-9 && c.dRisk <= 1e-9) ||
        (c.dRisk < -1e-9 && c.dScore >= -1e-9) ||
        c.lifts.length > 0
      ) {
        c.rank = group.length + 1;
        group.push(c);
      }
    });
    if (group.length > 0) groups.push(group);
    return groups;
  }

  /** The counterfactual of evaluated row r of `b`, or null when it is already Qualified. */
  of(b: Block, r: number, asOf: number): Counterfactual | null {
    if (b.verdict[r] === QUALIFIED) return null;
    const plan = this.plan;
    const model = plan.model;
    const B = BLOCK;
    const v = this.variants;
    const groups = this.candidates(b, r, asOf);
    const changeable = Object.keys(model.counterfactual.changeable).map(fieldLabel);
    const max = model.counterfactual.maxChanges;

    // If even the best of every lever does not qualify it, nothing smaller will: say what still stands in the way.
    const best = groups.map((g) => g[g.length - 1]);
    const [at, row] = best.length === 0 ? [b, r] : (this.score(b, r, [best], asOf), [v, 0] as const);
    if (at.verdict[row] !== QUALIFIED) {
      const blockers = [
        ...knockOutsAt(plan, at, row).map((k) => k.reason),
        ...describeShortfalls(
          model,
          shortfalls(
            model.thresholds.qualified,
            at.score[row],
            at.risk[row],
            RISK_COMPONENTS,
            at.components,
            row,
            B,
          ),
        ),
      ];
      const lead = best.length > 0 ? "even at their best, " : "";
      return {
        text: `No change to ${list(changeable, "or")} would qualify it: ${lead}${list(blockers, "and")}.`,
        changes: [],
      };
    }

    const { minScore, maxRisk, maxComponentRisk } = model.thresholds.qualified;
    const baseScore = b.score[r];
    const baseRisk = b.risk[r];
    const baseComponents = RISK_COMPONENTS.map((_, k) => b.components[k * B + r]);
    const knocked: number[] = [];
    for (let k = 0; k < plan.knockOuts.length; k++) if (b.knocks[k * B + r] === 1) knocked.push(k);
    const slack = 0.15; // deltas add up only approximately once rounding and curves combine; the full check decides
    // Score and risk are sums over fields, so a set of changes is first judged by adding up each change's effect.
    const promising = (changes: Candidate[]): boolean => {
      let score = baseScore;
      let risk = baseRisk;
      for (const c of changes) {
        score += c.dScore;
        risk += c.dRisk;
      }
      if (score < minScore - slack || risk > maxRisk + slack) return false;
      for (let i = 0; i < baseComponents.length; i++) {
        let x = baseComponents[i];
        for (const c of changes) x += c.dComponents[i];
        if (x > maxComponentRisk + slack) return false;
      }
      return knocked.every((rule) => changes.some((c) => c.lifts.includes(rule)));
    };
    for (let k = 1; k <= Math.min(max, groups.length); k++) {
      const finalists: Candidate[][] = [];
      for (const fields of combinations(groups, k)) {
        for (const changes of choices(fields)) if (promising(changes)) finalists.push(changes);
      }
      finalists.sort((x, y) => x.reduce((s, c) => s + c.rank, 0) - y.reduce((s, c) => s + c.rank, 0));
      for (let from = 0; from < finalists.length; from += B) {
        const chunk = finalists.slice(from, from + B);
        this.score(b, r, chunk, asOf);
        for (let i = 0; i < chunk.length; i++) if (v.verdict[i] === QUALIFIED) return found(chunk[i], max);
      }
    }
    return found(best, max);
  }
}
