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

/** One value of a changeable field, with its words, worked out once per search. */
interface Option {
  field: FieldPlan;
  value: string | number;
  label: string; // the value as a manager reads it ("Secured", "30%")
  clause: string; // "Financing were Secured"
  lvl: number;
  num: number;
}

/** One better value of a changeable field for one row, with what it alone does to the score and the risk. */
interface Candidate {
  option: Option;
  row: number; // the row of the block it is tried on
  rank: number; // 1 = the smallest improvement on the current value
  dScore: number;
  dRisk: number;
  /**
   * Where its change of each risk component (RISK_COMPONENTS order) starts in the search's `effects`: one
   * array for every candidate of a search rather than one small array each, which the garbage collector would
   * copy while the block's search runs.
   */
  at: number;
  dWin: number; // change of the learned win probability (0 without a win model)
  lifts: number[]; // knock-out rules (plan order) this change lifts
}

/** A variant to score: row `row` of the block with `changes` made. */
interface Variant {
  row: number;
  changes: readonly Candidate[];
}

const NO_CHANGE = "No change the team can make would qualify it: ";
const PENDING = ", if the missing data bears it out";
const SLACK = 0.15; // deltas add up only approximately once rounding and curves combine; the full check decides
const BOUND_EPS = 1e-9; // far above the rounding of a sum of a few changes, far below any step of a score
const NONE: number[] = Object.freeze([]) as unknown as number[]; // shared: most changes lift no knock-out

function list(items: string[], word: string): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

function found(changes: readonly Candidate[], max: number, pending: boolean): Counterfactual {
  const lead =
    changes.length > max ? `Would qualify only with ${changes.length} changes:` : "Would qualify if";
  // Joined once, so the text handed back is one flat string (see rationaleOf).
  const text = [
    lead,
    " ",
    list(
      changes.map((c) => c.option.clause),
      "and",
    ),
    pending ? PENDING : "",
    ".",
  ].join("");
  return {
    text,
    changes: changes.map(({ option: o }) => ({ field: o.field.key, value: o.value, label: o.label })),
  };
}

/**
 * Whether variant i qualifies: Qualified, or Qualified but for data its row lacks (then the answer says the
 * missing data must bear it out: changes cannot make unknown fields known).
 */
const qualifies = (v: Block, i: number): boolean =>
  v.verdict[i] === QUALIFIED || (v.verdict[i] === CONDITIONAL && v.unsure[i] === 1);

/** Searches the counterfactuals of a block's rows; its variants are scored in the plan's variant block. */
export class CounterfactualSearch {
  private readonly variants: Block;
  /** Each changeable field's values, with their words, worked out once. */
  private readonly levers: { field: FieldPlan; values: Option[] }[];
  /** Fields a variant carries over from its row: goodness of scored fields, the value of fields rules read. */
  private readonly carried: Int32Array;
  private readonly carriedValues: Int32Array; // those whose number and level a rule or the win model reads

  /** One row's risk components, while its finalists are chosen. */
  private readonly baseComponents = new Float64Array(RISK_COMPONENTS.length);
  /** The risk component changes of the candidates of one search (Candidate.at), grown when a search needs more. */
  private effects = new Float64Array(0);

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
          const levels = field.levelKeys.length > 0;
          return {
            field,
            value,
            label,
            clause: `${shortLabel(field.key)} were ${label}`,
            lvl: levels ? field.levelKeys.indexOf(String(value)) : -1,
            num: levels ? NaN : Number(value),
          };
        }),
      };
    });
    // A learned win model's fields too: a variant's win probability reads their values.
    const learned = new Set(Object.keys(plan.model.winModel?.fields ?? {}));
    this.carried = Int32Array.from(
      plan.fields.filter((f) => f.scored >= 0 || plan.ruleFields.has(f.index) || learned.has(f.key)),
      (f) => f.index,
    );
    // Number and level are read by the knock-out rules and by a learned win model (its bands and levels).
    this.carriedValues = Int32Array.from(
      plan.fields.filter((f) => plan.ruleFields.has(f.index) || learned.has(f.key)),
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
        out.copyRow(b, row, i, this.carried, this.carriedValues);
        for (const { option: o } of changes) out.setValue(o.field, i, o.lvl, o.num, asOf);
      }
      evaluate(this.plan, out, count, asOf, this.slots);
      for (let i = 0; i < count; i++) seen(list[from + i], i);
    }
  }

  /**
   * Scores each candidate alone on its row, as score() does a list of variants of one change, without a variant
   * and a list of one for each: most of a search's candidates are only ever tried alone.
   */
  private scoreAlone(
    b: Block,
    candidates: readonly Candidate[],
    asOf: number,
    seen: (c: Candidate, slot: number) => void,
  ): void {
    const out = this.variants;
    for (let from = 0; from < candidates.length; from += BLOCK) {
      const count = Math.min(BLOCK, candidates.length - from);
      for (let i = 0; i < count; i++) {
        const { row, option: o } = candidates[from + i];
        out.copyRow(b, row, i, this.carried, this.carriedValues);
        out.setValue(o.field, i, o.lvl, o.num, asOf);
      }
      evaluate(this.plan, out, count, asOf, this.slots);
      for (let i = 0; i < count; i++) seen(candidates[from + i], i);
    }
  }

  /** Better values of each changeable field for row r, not yet scored. */
  private tried(b: Block, r: number): Candidate[] {
    const out: Candidate[] = [];
    for (const { field, values } of this.levers) {
      const at = field.index * BLOCK + r;
      for (const option of values) {
        const { lvl, num } = option;
        if (b.st[at] === OK && (lvl >= 0 ? b.lvl[at] === lvl : b.num[at] === num)) continue;
        out.push({ option, row: r, rank: 0, dScore: 0, dRisk: 0, at: 0, dWin: 0, lifts: NONE });
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
      if (i > 0 && c.option.field !== tried[i - 1].option.field) {
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
    const singles: Candidate[] = [];
    for (const t of tried) for (const c of t) singles.push(c);
    const m = RISK_COMPONENTS.length;
    if (this.effects.length < singles.length * m) this.effects = new Float64Array(2 * singles.length * m);
    const effects = this.effects;
    singles.forEach((c, n) => (c.at = n * m));
    const rules = plan.knockOuts.length;
    this.scoreAlone(b, singles, asOf, (c, i) => {
      const row = c.row;
      c.dScore = v.pointSum[i] - b.pointSum[row];
      c.dRisk = v.risk[i] - b.risk[row];
      for (let k = 0; k < m; k++) effects[c.at + k] = v.components[k * B + i] - b.components[k * B + row];
      for (let k = 0; k < rules; k++)
        if (b.knocks[k * B + row] === 1 && v.knocks[k * B + i] === 0) {
          if (c.lifts === NONE) c.lifts = []; // its own list: NONE is shared
          c.lifts.push(k);
        }
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
      const skip = new Set(changed.map((c) => c.option.field.key));
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
      return { text: [NO_CHANGE, lead, list(reasons, "and"), "."].join(""), changes: [] };
    };
    // Per row of `open`, by its index j there: arrays rather than maps keyed by j, which would make an entry (an
    // array) for every visit. The variants scored carry their row's j.
    const searching: number[] = []; // indexes into `open` of rows that their best changes qualify
    const pending = new Uint8Array(open.length); // 1: it qualifies only if the missing data bears it out
    const atBest: (Variant & { j: number })[] = [];
    open.forEach(({ row, k }, j) => {
      if (best[j].length === 0) out[k] = blockers(b, row, row, []);
      else atBest.push({ row, changes: best[j], j });
    });
    this.score(b, atBest, asOf, (variant, i) => {
      const { row, j } = variant as Variant & { j: number };
      if (qualifies(v, i)) {
        searching.push(j);
        pending[j] = v.verdict[i] !== QUALIFIED ? 1 : 0;
      } else out[open[j].k] = blockers(v, i, row, best[j]);
    });

    // 3. The smallest set that qualifies: one change, then two, … up to the model's maximum. Score and risk are
    // sums over fields, so each set is first judged by adding up its changes' effects; the promising ones are
    // scored, fewest and smallest changes first, and the first that qualifies is the answer. A size whose best
    // changes added up still fall short is skipped whole (mayQualify), before any of its sets is listed.
    let left = searching;
    const reach: Reach[] = []; // by index into `open`, worked out when first needed
    for (let size = 1; left.length > 0 && size <= max; size++) {
      // By position n in `left`: its row's finalists, where its next wave starts (-1 once done), what qualified.
      const finalists = left.map((j) =>
        // One change at a time is quickly tried; the bounds pay from two changes on.
        this.finalists(
          b,
          open[j].row,
          groups[j],
          size,
          size === 1 ? null : (reach[j] ??= reachOf(groups[j], this.effects)),
        ),
      );
      const next = new Int32Array(left.length);
      const first = new Array<readonly Candidate[] | null>(left.length).fill(null);
      let active = left.length;
      // In waves: each row's next few sets (one, then two, four, …), so most rows stop after their first.
      for (let wave = 1; active > 0; wave *= 2) {
        const list: (Variant & { n: number })[] = [];
        for (let n = 0; n < left.length; n++) {
          const at = next[n];
          if (at < 0) continue;
          const sets = finalists[n];
          const row = open[left[n]].row;
          for (let q = at; q < at + wave && q < sets.length; q++) list.push({ row, changes: sets[q], n });
          if (at + wave < sets.length) next[n] = at + wave;
          else {
            next[n] = -1;
            active--;
          }
        }
        this.score(b, list, asOf, (variant, i) => {
          const { n } = variant as Variant & { n: number };
          if (qualifies(v, i) && first[n] === null) {
            first[n] = variant.changes;
            pending[left[n]] = v.verdict[i] !== QUALIFIED ? 1 : 0;
            if (next[n] >= 0) {
              next[n] = -1;
              active--;
            }
          }
        });
      }
      left.forEach((j, n) => {
        if (first[n] !== null) out[open[j].k] = found(first[n], max, pending[j] === 1);
      });
      left = left.filter((_, n) => first[n] === null);
    }
    // More changes than the model's maximum: the smallest set found by leaving out, one at a time, every change
    // the row qualifies without. The rows take their steps side by side, so each step is scored as one block.
    // By position n in `left`: the set so far, and the change to try leaving out next.
    const sets: (readonly Candidate[])[] = left.map((j) => best[j]);
    const drops = Int32Array.from(left, (j) => best[j].length - 1);
    for (;;) {
      const list: (Variant & { n: number })[] = [];
      left.forEach((j, n) => {
        const set = sets[n];
        const drop = drops[n];
        if (drop >= 0 && set.length > 1)
          list.push({ row: open[j].row, changes: set.filter((_, m) => m !== drop), n });
      });
      if (list.length === 0) break;
      this.score(b, list, asOf, (variant, i) => {
        const { n } = variant as Variant & { n: number };
        if (qualifies(v, i)) {
          sets[n] = variant.changes;
          pending[left[n]] = v.verdict[i] !== QUALIFIED ? 1 : 0;
        }
      });
      for (const { n } of list) drops[n]--;
    }
    left.forEach((j, n) => (out[open[j].k] = found(sets[n], max, pending[j] === 1)));
    return out;
  }

  /**
   * The promising sets of `size` changes for row r, one per field, smallest first: every choice of fields in
   * order and of one value for each (the last field's changing fastest), so ties go to the first found.
   */
  private finalists(
    b: Block,
    r: number,
    groups: readonly Candidate[][],
    size: number,
    reach: Reach | null,
  ): Candidate[][] {
    if (size > groups.length) return [];
    const { minScore, maxRisk, maxComponentRisk } = this.plan.model.thresholds.qualified;
    const m = RISK_COMPONENTS.length;
    const baseScore = b.score[r];
    const baseRisk = b.risk[r];
    const baseComponents = this.baseComponents;
    for (let k = 0; k < m; k++) baseComponents[k] = b.components[k * BLOCK + r];
    const knocked: number[] = [];
    for (let k = 0; k < this.plan.knockOuts.length; k++) if (b.knocks[k * BLOCK + r] === 1) knocked.push(k);
    if (reach && !mayQualify(reach, size, knocked, baseScore, baseRisk, baseComponents, this.plan)) return [];
    const effects = this.effects;
    const promising = (chosen: readonly Candidate[]): boolean => {
      let score = baseScore;
      let risk = baseRisk;
      for (let j = 0; j < chosen.length; j++) {
        score += chosen[j].dScore;
        risk += chosen[j].dRisk;
      }
      if (score < minScore - SLACK || risk > maxRisk + SLACK) return false;
      for (let i = 0; i < m; i++) {
        let x = baseComponents[i];
        for (let j = 0; j < chosen.length; j++) x += effects[chosen[j].at + i];
        if (x > maxComponentRisk + SLACK) return false;
      }
      for (const rule of knocked) {
        let lifted = false;
        for (let j = 0; j < chosen.length && !lifted; j++) lifted = chosen[j].lifts.includes(rule);
        if (!lifted) return false;
      }
      return true;
    };
    // Promising sets by their total rank (sum of their changes' ranks), each list in the order found: the
    // smallest changes first, and among equals the first found, as a stable sort by rank would give.
    const byRank: Candidate[][][] = [];
    const fields = Array.from({ length: size }, (_, j) => j);
    const chosen = new Array<Candidate>(size);
    const pick = new Array<number>(size);
    for (;;) {
      pick.fill(0);
      for (;;) {
        let rank = 0;
        for (let j = 0; j < size; j++) rank += (chosen[j] = groups[fields[j]][pick[j]]).rank;
        if (promising(chosen)) (byRank[rank] ??= []).push(chosen.slice());
        let j = size - 1;
        while (j >= 0 && ++pick[j] === groups[fields[j]].length) pick[j--] = 0;
        if (j < 0) break;
      }
      let j = size - 1;
      while (j >= 0 && fields[j] === groups.length - size + j) j--;
      if (j < 0) break;
      fields[j]++;
      for (let k = j + 1; k < size; k++) fields[k] = fields[k - 1] + 1;
    }
    const out: Candidate[][] = [];
    for (const sets of byRank) if (sets) for (const set of sets) out.push(set);
    return out;
  }
}

/**
 * The most any set of changes of a row, one from each of so many different groups, can do for each test of
 * finalists' promising check, each test alone: [size] is the sum of the `size` groups' best changes for it.
 */
interface Reach {
  score: number[]; // the most the score can rise
  risk: number[]; // the most the risk can fall (as a negative change)
  components: number[][]; // by component, as risk
  lifts: Set<number>; // the knock-out rules some change lifts
}

/** The reach of a row's groups; `effects` is the search's, where each candidate's component changes are. */
function reachOf(groups: readonly Candidate[][], effects: Float64Array): Reach {
  const n = groups.length;
  const m = RISK_COMPONENTS.length;
  const score = new Array<number>(n);
  const risk = new Array<number>(n);
  const components = Array.from({ length: m }, () => new Array<number>(n));
  const lifts = new Set<number>();
  let finite = true;
  for (let j = 0; j < n; j++) {
    let up = -Infinity;
    let down = Infinity;
    for (let k = 0; k < m; k++) components[k][j] = Infinity;
    for (const c of groups[j]) {
      if (c.dScore > up) up = c.dScore;
      if (c.dRisk < down) down = c.dRisk;
      for (let k = 0; k < m; k++) {
        const d = effects[c.at + k];
        if (d < components[k][j]) components[k][j] = d;
        finite &&= Number.isFinite(d);
      }
      for (let q = 0; q < c.lifts.length; q++) lifts.add(c.lifts[q]);
      finite &&= Number.isFinite(c.dScore) && Number.isFinite(c.dRisk);
    }
    score[j] = -up; // negated, so that every list is summed smallest first
    risk[j] = down;
  }
  if (!finite) {
    // A change whose effect is not a number bounds nothing: every set is tried, as promising() decides.
    const all = (x: number) => new Array<number>(n + 1).fill(x);
    return {
      score: all(Infinity),
      risk: all(-Infinity),
      components: RISK_COMPONENTS.map(() => all(-Infinity)),
      lifts,
    };
  }
  const best = prefixSums(score);
  for (let j = 0; j <= n; j++) best[j] = -best[j];
  return { score: best, risk: prefixSums(risk), components: components.map(prefixSums), lifts };
}

/** [0, smallest, smallest + next smallest, …]: the sums of the k smallest of xs, for k = 0 … xs.length. */
function prefixSums(xs: number[]): number[] {
  // A handful of numbers (one per changeable field): sorted in place by insertion.
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let k = i;
    for (; k > 0 && xs[k - 1] > x; k--) xs[k] = xs[k - 1];
    xs[k] = x;
  }
  const out = new Array<number>(xs.length + 1);
  out[0] = 0;
  for (let j = 0; j < xs.length; j++) out[j + 1] = out[j] + xs[j];
  return out;
}

/**
 * Whether any set of `size` changes, one from each of `size` different groups, could pass finalists' promising
 * test: each bound takes every group's most helpful change for that test alone, so when even these fall short no
 * set passes, and none need be tried. A hair beyond the test's own slack keeps the bound on the safe side of the
 * rounding of sums taken in another order.
 */
function mayQualify(
  reach: Reach,
  size: number,
  knocked: readonly number[],
  baseScore: number,
  baseRisk: number,
  baseComponents: Float64Array,
  plan: ModelPlan,
): boolean {
  const { minScore, maxRisk, maxComponentRisk } = plan.model.thresholds.qualified;
  if (baseScore + reach.score[size] < minScore - SLACK - BOUND_EPS) return false;
  if (baseRisk + reach.risk[size] > maxRisk + SLACK + BOUND_EPS) return false;
  for (let k = 0; k < reach.components.length; k++)
    if (baseComponents[k] + reach.components[k][size] > maxComponentRisk + SLACK + BOUND_EPS) return false;
  return knocked.every((rule) => reach.lifts.has(rule));
}
