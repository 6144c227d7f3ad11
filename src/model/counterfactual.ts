// The counterfactual: the smallest set of changes to the fields a team can act on (the model's "changeable"
// list: financing, requirements clarity, resources, customization, margin) that would make the opportunity
// Qualified, or a plain statement that no such change exists. Every change is tried as a variant of its row, and
// the variants of all the rows of a block are scored together, in a block of their own, by the same evaluate()
// as the rows themselves.
import { Block, BLOCK } from "./block";
import { evaluate } from "./evaluate";
import { knockOutsAt, needsData } from "./explain";
import { shortLabel } from "./fields";
import { fieldIndex, OK, RISK_COMPONENTS, type FieldPlan, type ModelPlan } from "./plan";
import { winBelowMinimum } from "./messages";
import { describeShortfalls, describeValue } from "./rationale";
import { CONDITIONAL, QUALIFIED, shortfalls } from "./score";
import type { Change, FieldKey, RiskComponentKey } from "./types";
import { winRuleActive } from "./win-rule";

export interface Counterfactual {
  text: string;
  changes: Change[]; // empty when no change to the changeable fields would qualify it
}

/** The inputs of row `row` that drive risk component `key`, in words, leaving out the fields in `skip`. */
export type InputsOf = (row: number, key: RiskComponentKey, skip: ReadonlySet<FieldKey>) => readonly string[];

/** One better value of a changeable field for one row, with what it alone does to the score and the risk. */
interface Candidate {
  field: FieldPlan;
  value: string | number;
  label: string; // the value as a manager reads it ("Secured", "30%")
  clause: string; // "Financing were Secured"
  lvl: number;
  num: number;
  rank: number; // 1 = the smallest improvement on the current value
  dScore: number;
  dRisk: number;
  dComponents: number[]; // change of each risk component, RISK_COMPONENTS order
  dWin: number; // change of the learned win probability (0 without a win model)
  lifts: number[]; // knock-out rules (plan order) this change lifts
}

/** A variant to score: row `row` of the block with `changes` made. */
interface Variant {
  row: number;
  changes: readonly Candidate[];
}

const SLACK = 0.15; // deltas add up only approximately once rounding and curves combine; the full check decides

function list(items: string[], word: string): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

function found(changes: readonly Candidate[], max: number, pending: boolean): Counterfactual {
  const lead =
    changes.length > max ? `Would qualify only with ${changes.length} changes:` : "Would qualify if";
  return {
    text: `${lead} ${list(
      changes.map((c) => c.clause),
      "and",
    )}${pending ? ", if the missing data bears it out" : ""}.`,
    changes: changes.map((c) => ({ field: c.field.key, value: c.value, label: c.label })),
  };
}

/**
 * Whether variant i qualifies: Qualified, or Qualified but for data its row lacks (then the answer says the
 * missing data must bear it out: changes cannot make unknown fields known).
 */
const qualifies = (v: Block, i: number): boolean =>
  v.verdict[i] === QUALIFIED || (v.verdict[i] === CONDITIONAL && v.unsure[i] === 1);

const rankOf = (changes: readonly Candidate[]) => changes.reduce((s, c) => s + c.rank, 0);

/** Searches the counterfactuals of a block's rows; its variants are scored in the plan's variant block. */
export class CounterfactualSearch {
  private readonly variants: Block;
  /** Each changeable field's values, with their words, worked out once. */
  private readonly levers: {
    field: FieldPlan;
    values: { value: string | number; label: string; clause: string }[];
  }[];
  /** Fields a variant carries over from its row: goodness of scored fields, the value of fields rules read. */
  private readonly carried: Int32Array;

  constructor(
    private readonly plan: ModelPlan,
    private readonly slots: Int32Array,
  ) {
    this.variants = plan.blocks.variants ??= new Block(plan.knockOuts.length);
    this.levers = Object.entries(plan.model.counterfactual.changeable).map(([key, values]) => {
      const field = plan.fields[fieldIndex(key as FieldKey)];
      return {
        field,
        values: (values ?? []).map((value) => {
          const label = describeValue(field.key, value);
          return { value, label, clause: `${shortLabel(field.key)} were ${label}` };
        }),
      };
    });
    // A learned win model's fields too: a variant's win probability reads their values.
    const learned = new Set(Object.keys(plan.model.winModel?.fields ?? {}));
    this.carried = Int32Array.from(
      plan.fields.filter((f) => f.scored >= 0 || plan.ruleFields.has(f.index) || learned.has(f.key)),
      (f) => f.index,
    );
  }

  /** Scores the variants in blocks of BLOCK, and hands each to `seen` with its slot in this.variants. */
  private score(
    b: Block,
    list: readonly Variant[],
    asOf: number,
    seen: (v: Variant, slot: number) => void,
  ): void {
    const out = this.variants;
    for (let from = 0; from < list.length; from += BLOCK) {
      const count = Math.min(BLOCK, list.length - from);
      for (let i = 0; i < count; i++) {
        const { row, changes } = list[from + i];
        out.copyRow(b, row, i, this.carried);
        for (const c of changes) out.setValue(c.field, i, c.lvl, c.num, asOf);
      }
      evaluate(this.plan, out, count, asOf, this.slots);
      for (let i = 0; i < count; i++) seen(list[from + i], i);
    }
  }

  /** Better values of each changeable field for row r, not yet scored. */
  private tried(b: Block, r: number): Candidate[] {
    const out: Candidate[] = [];
    for (const { field, values } of this.levers) {
      const at = field.index * BLOCK + r;
      for (const { value, label, clause } of values) {
        const lvl = field.levelKeys.length > 0 ? field.levelKeys.indexOf(String(value)) : -1;
        const num = field.levelKeys.length > 0 ? NaN : Number(value);
        if (b.st[at] === OK && (lvl >= 0 ? b.lvl[at] === lvl : b.num[at] === num)) continue;
        const c: Candidate = {
          field,
          value,
          label,
          clause,
          lvl,
          num,
          rank: 0,
          dScore: 0,
          dRisk: 0,
          dComponents: [],
          dWin: 0,
          lifts: [],
        };
        out.push(c);
      }
    }
    return out;
  }

  /** The helpful candidates of a row, grouped by field: a higher score without more risk, less risk without a
   * lower score, a lifted knock-out, or (when the verdict uses it) a higher win probability. Each group in the
   * order of the model's values, ranked 1, 2, … */
  private static groups(tried: readonly Candidate[], win: boolean): Candidate[][] {
    const groups: Candidate[][] = [];
    let group: Candidate[] = [];
    tried.forEach((c, i) => {
      if (i > 0 && c.field !== tried[i - 1].field) {
        if (group.length > 0) groups.push(group);
        group = [];
      }
      if (
        (c.dScore > 1e-9 && c.dRisk <= 1e-9) ||
        (c.dRisk < -1e-9 && c.dScore >= -1e-9) ||
        c.lifts.length > 0 ||
        (win && c.dWin > 1e-9)
      ) {
        c.rank = group.length + 1;
        group.push(c);
      }
    });
    if (group.length > 0) groups.push(group);
    return groups;
  }

  /**
   * The counterfactual of each of `rows` (evaluated rows of `b`, none of them empty), in the same order: null
   * for a row that is already Qualified or needs information. `inputsOf` names the inputs of a row of `b` behind
   * a risk blocker.
   */
  search(b: Block, rows: readonly number[], asOf: number, inputsOf?: InputsOf): (Counterfactual | null)[] {
    const plan = this.plan;
    const model = plan.model;
    const B = BLOCK;
    const v = this.variants;
    const out = new Array<Counterfactual | null>(rows.length).fill(null);
    // Rows that need information are told what to collect, not what to change.
    const open = rows
      .map((row, k) => ({ row, k }))
      .filter(({ row }) => b.verdict[row] !== QUALIFIED && !needsData(b, row));

    // 1. Each better value alone: what it does to the score, the risk and the knock-outs.
    const tried = open.map(({ row }) => this.tried(b, row));
    const singles: Variant[] = open.flatMap(({ row }, j) => tried[j].map((c) => ({ row, changes: [c] })));
    const rules = plan.knockOuts.length;
    this.score(b, singles, asOf, ({ row, changes: [c] }, i) => {
      c.dScore = v.pointSum[i] - b.pointSum[row];
      c.dRisk = v.risk[i] - b.risk[row];
      c.dComponents = RISK_COMPONENTS.map((_, k) => v.components[k * B + i] - b.components[k * B + row]);
      for (let k = 0; k < rules; k++)
        if (b.knocks[k * B + row] === 1 && v.knocks[k * B + i] === 0) c.lifts.push(k);
      c.dWin = v.win[i] - b.win[row];
    });
    const win = winRuleActive(plan);
    const groups = tried.map((t) => CounterfactualSearch.groups(t, win));

    // 2. The best of every lever at once: if even that does not qualify a row, nothing smaller will; say what
    // still stands in the way.
    const max = model.counterfactual.maxChanges;
    const best = groups.map((g) => g.map((options) => options[options.length - 1]));
    // What still stands in the way at `at`'s row i (the row itself, or it with every lever at its best), in one
    // short sentence; a risk component names the inputs of the row that drive it, the changed ones aside.
    const blockers = (at: Block, i: number, row: number, changed: readonly Candidate[]): Counterfactual => {
      const skip = new Set(changed.map((c) => c.field.key));
      const inputs = inputsOf ? (key: RiskComponentKey) => inputsOf(row, key, skip) : undefined;
      const reasons = [
        ...knockOutsAt(plan, at, i).map((k) => k.reason),
        ...describeShortfalls(
          model,
          shortfalls(
            model.thresholds.qualified,
            at.score[i],
            at.risk[i],
            RISK_COMPONENTS,
            at.components,
            i,
            B,
          ),
          inputs,
        ),
        // The model's minimum win probability (win-rule.ts), when it is what keeps the row from Qualified.
        ...(at.winBlocked[i] === 1 ? [winBelowMinimum(at.win[i], model.winModel!.minWinProbability!)] : []),
      ];
      const lead = changed.length > 0 ? "even at their best, " : "";
      return {
        text: `No change the team can make would qualify it: ${lead}${list(reasons, "and")}.`,
        changes: [],
      };
    };
    const searching: number[] = []; // indexes into `open` of rows that their best changes qualify
    const atBest: Variant[] = [];
    open.forEach(({ row, k }, j) => {
      if (best[j].length === 0) out[k] = blockers(b, row, row, []);
      else atBest.push({ row, changes: best[j] });
    });
    const index = new Map(open.map(({ row }, j) => [row, j]));
    const pending = new Map<number, boolean>(); // by row in `open`: qualifies only if the missing data bears it out
    this.score(b, atBest, asOf, ({ row }, i) => {
      const j = index.get(row)!;
      if (qualifies(v, i)) {
        searching.push(j);
        pending.set(j, v.verdict[i] !== QUALIFIED);
      } else out[open[j].k] = blockers(v, i, row, best[j]);
    });

    // 3. The smallest set that qualifies: one change, then two, … up to the model's maximum. Score and risk are
    // sums over fields, so each set is first judged by adding up its changes' effects; the promising ones are
    // scored, fewest and smallest changes first, and the first that qualifies is the answer.
    let left = searching;
    for (let size = 1; left.length > 0 && size <= max; size++) {
      const finalists = new Map(left.map((j) => [j, this.finalists(b, open[j].row, groups[j], size)]));
      // In waves: each row's next few sets (one, then two, four, …), so most rows stop after their first.
      const next = new Map(left.map((j) => [j, 0]));
      for (let wave = 1; next.size > 0; wave *= 2) {
        const list: (Variant & { j: number })[] = [];
        for (const [j, at] of next) {
          const sets = finalists.get(j)!;
          for (const changes of sets.slice(at, at + wave)) list.push({ row: open[j].row, changes, j });
          if (at + wave >= sets.length) next.delete(j);
          else next.set(j, at + wave);
        }
        const first = new Map<number, readonly Candidate[]>();
        this.score(b, list, asOf, (variant, i) => {
          const { j } = variant as Variant & { j: number };
          if (qualifies(v, i) && !first.has(j)) {
            first.set(j, variant.changes);
            pending.set(j, v.verdict[i] !== QUALIFIED);
          }
        });
        for (const [j, changes] of first) {
          out[open[j].k] = found(changes, max, pending.get(j)!);
          next.delete(j);
        }
        left = left.filter((j) => !first.has(j));
      }
    }
    // More changes than the model's maximum: the smallest set found by leaving out, one at a time, every change
    // the row qualifies without.
    for (const j of left) {
      let set = best[j];
      for (let drop = set.length - 1; drop >= 0 && set.length > 1; drop--) {
        const without = set.filter((_, m) => m !== drop);
        let still = false;
        this.score(b, [{ row: open[j].row, changes: without }], asOf, (_, i) => {
          still = qualifies(v, i);
          if (still) pending.set(j, v.verdict[i] !== QUALIFIED);
        });
        if (still) set = without;
      }
      out[open[j].k] = found(set, max, pending.get(j)!);
    }
    return out;
  }

  /**
   * The promising sets of `size` changes for row r, one per field, smallest first: every choice of fields in
   * order and of one value for each (the last field's changing fastest), so ties go to the first found.
   */
  private finalists(b: Block, r: number, groups: readonly Candidate[][], size: number): Candidate[][] {
    if (size > groups.length) return [];
    const { minScore, maxRisk, maxComponentRisk } = this.plan.model.thresholds.qualified;
    const baseScore = b.score[r];
    const baseRisk = b.risk[r];
    const baseComponents = RISK_COMPONENTS.map((_, k) => b.components[k * BLOCK + r]);
    const knocked: number[] = [];
    for (let k = 0; k < this.plan.knockOuts.length; k++) if (b.knocks[k * BLOCK + r] === 1) knocked.push(k);
    const promising = (chosen: readonly Candidate[]): boolean => {
      let score = baseScore;
      let risk = baseRisk;
      for (const c of chosen) {
        score += c.dScore;
        risk += c.dRisk;
      }
      if (score < minScore - SLACK || risk > maxRisk + SLACK) return false;
      for (let i = 0; i < baseComponents.length; i++) {
        let x = baseComponents[i];
        for (const c of chosen) x += c.dComponents[i];
        if (x > maxComponentRisk + SLACK) return false;
      }
      return knocked.every((rule) => chosen.some((c) => c.lifts.includes(rule)));
    };
    const out: Candidate[][] = [];
    const fields = Array.from({ length: size }, (_, j) => j);
    const chosen = new Array<Candidate>(size);
    for (;;) {
      const pick = new Array<number>(size).fill(0);
      for (;;) {
        for (let j = 0; j < size; j++) chosen[j] = groups[fields[j]][pick[j]];
        if (promising(chosen)) out.push(chosen.slice());
        let j = size - 1;
        while (j >= 0 && ++pick[j] === groups[fields[j]].length) pick[j--] = 0;
        if (j < 0) break;
      }
      let j = size - 1;
      while (j >= 0 && fields[j] === groups.length - size + j) j--;
      if (j < 0) break;
      fields[j]++;
      for (let m = j + 1; m < size; m++) fields[m] = fields[m - 1] + 1;
    }
    return out.sort((x, y) => rankOf(x) - rankOf(y));
  }
}
