// The counterfactual: the smallest set of changes to the fields a team can act on (the model's "changeable"
// list: financing, requirements clarity, resources, customization, margin) that would make the opportunity
// Qualified, or a plain statement that no such change exists. Every change is tried as a variant of its row, and
// the variants of all the rows of a block are scored together, in a block of their own, by the same evaluate()
// as the rows themselves. A search tries ten or so changes per row: what it learns of each is kept in typed
// columns indexed by the change's number, reused from block to block, not in objects per change or per
// set, so a search leaves little for the garbage collector.
import { Block, BLOCK } from "./block";
import { evaluate } from "./evaluate";
import { knockOutsAt, needsData } from "./explain";
import { shortLabel } from "./fields";
import { fieldIndex, OK, RISK_COMPONENTS, valueGoodness, type FieldPlan, type ModelPlan } from "./plan";
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

/** One value of a changeable field, with its words, worked out once per search object. */
interface Option {
  field: FieldPlan;
  lever: number; // which changeable field (the model's order)
  value: string | number;
  label: string; // the value as a manager reads it ("Secured", "30%")
  clause: string; // "Financing were Secured"
  lvl: number;
  num: number;
}

const NO_CHANGE = "No change the team can make would qualify it: ";
const PENDING = ", if the missing data bears it out";
const SLACK = 0.15; // deltas add up only approximately once rounding and curves combine; the full check decides
const BOUND_EPS = 1e-9; // far above the rounding of a sum of a few changes, far below any step of a score

/** A list of integers that grows as needed and is reused from block to block. */
class Ints {
  a = new Int32Array(64);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const a = new Int32Array(2 * this.n);
      a.set(this.a);
      this.a = a;
    }
    this.a[this.n++] = x;
  }
}

/**
 * Variants to score, each a row of the block with some changes (change numbers, see CounterfactualSearch), and
 * a tag its caller reads back: flat lists, refilled for every list scored.
 */
class Variants {
  readonly rows = new Ints();
  readonly tags = new Ints();
  readonly ends = new Ints(); // variant k's changes are changes[start(k), ends[k])
  readonly changes = new Ints();
  get length(): number {
    return this.rows.n;
  }
  clear(): this {
    this.rows.n = this.tags.n = this.ends.n = this.changes.n = 0;
    return this;
  }
  /** Adds a variant of row `row` with the changes `from[start, start + count)`. */
  add(row: number, tag: number, from: ArrayLike<number>, start: number, count: number): void {
    this.rows.push(row);
    this.tags.push(tag);
    for (let q = 0; q < count; q++) this.changes.push(from[start + q]);
    this.ends.push(this.changes.n);
  }
  start(k: number): number {
    return k === 0 ? 0 : this.ends.a[k - 1];
  }
}

function list(items: string[], word: string): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`;
}

function found(options: readonly Option[], max: number, pending: boolean): Counterfactual {
  const lead =
    options.length > max ? `Would qualify only with ${options.length} changes:` : "Would qualify if";
  // Joined once, so the text handed back is one flat string (see rationaleOf).
  const text = [
    lead,
    " ",
    list(
      options.map((o) => o.clause),
      "and",
    ),
    pending ? PENDING : "",
    ".",
  ].join("");
  return {
    text,
    changes: options.map((o) => ({ field: o.field.key, value: o.value, label: o.label })),
  };
}

/**
 * Copies into slot i of `out`, for i < count, what scoring reads of row source[i] of `b`:
 * the status and goodness of `fields`, the number and level of `values` too. Field by field, so each
 * column of the variant block is written in order.
 */
function copyRows(
  out: Block,
  b: Block,
  source: Int32Array,
  count: number,
  fields: Int32Array,
  values: Int32Array,
): void {
  for (let k = 0; k < fields.length; k++) {
    const a = fields[k] * BLOCK;
    for (let i = 0; i < count; i++) {
      out.st[a + i] = b.st[a + source[i]];
      out.g[a + i] = b.g[a + source[i]];
    }
  }
  for (let k = 0; k < values.length; k++) {
    const a = values[k] * BLOCK;
    for (let i = 0; i < count; i++) {
      out.num[a + i] = b.num[a + source[i]];
      out.lvl[a + i] = b.lvl[a + source[i]];
    }
  }
  out.nonBlank.fill(1, 0, count);
}

/**
 * Whether variant i qualifies: Qualified, or Qualified but for data its row lacks (then the answer says the
 * missing data must bear it out: changes cannot make unknown fields known).
 */
const qualifies = (v: Block, i: number): boolean =>
  v.verdict[i] === QUALIFIED || (v.verdict[i] === CONDITIONAL && v.unsure[i] === 1);

/**
 * Searches the counterfactuals of a block's rows; its variants are scored in the plan's variant block.
 *
 * A search numbers the changes it tries (a better value of one changeable field, on one row) 0, 1, …, its rows
 * in order and each row's in the model's order of fields and values, and keeps what each does alone in columns
 * by that number. The helpful changes of a row are grouped by field; groups are numbered too, with columns of
 * what the most helpful change of each group does for each test of a set's promise (score, risk, each risk
 * component, knock-outs), which bound every set made of them.
 */
export class CounterfactualSearch {
  private readonly variants: Block;
  /** Every changeable field's values, with their words, worked out once, in the model's order. */
  private readonly options: Option[];
  private readonly levers: number;
  /** Goodness of each option's value (NaN for a field that is not scored), for the day `goodnessAsOf`. */
  private readonly goodness: Float64Array;
  private goodnessAsOf = NaN;
  /**
   * 1 where an option's field feeds nothing but its goodness: it is no rule's input (effort, bid cost, roadmap,
   * knock-outs) nor the win model's. As every weight is ≥ 0 (the schema's rule), a value no better than the
   * row's (goodness ≤ the row's) can then only lower the points and raise the risk, to the last bit: sums taken
   * in a fixed order, each rounding to nearest, never fall when an addend grows. Such a change is never helpful,
   * and is not tried.
   */
  private readonly goodnessOnly: Uint8Array;
  /** Fields a variant carries over from its row: goodness of scored fields, the value of fields rules read. */
  private readonly carried: Int32Array;
  private readonly carriedValues: Int32Array; // those whose number and level a rule or the win model reads
  private readonly rules: number; // the plan's knock-out rules

  // By change c (room for every option on every row of a search, see reserve).
  private option = new Int32Array(0);
  private row = new Int32Array(0);
  private dScore = new Float64Array(0); // the change of the row's points (unrounded)
  private dRisk = new Float64Array(0);
  private dWin = new Float64Array(0); // 0 without a win model
  private effects = new Float64Array(0); // its change of risk component k at c * components + k
  private lifts = new Uint8Array(0); // 1 at c * rules + k: it lifts knock-out rule k
  private lifting = new Uint8Array(0); // 1: it lifts some knock-out rule
  private rank = new Int32Array(0); // 1 = the smallest helpful change of its field on its row
  private members = new Int32Array(0); // the helpful changes, group by group

  // By group g: its members are members[groupStart[g], groupStart[g + 1]); the most any of them raises the
  // points (up) and lowers the risk (down) and each risk component (at g * components + k), the rules some
  // member lifts, and whether all these effects are finite numbers.
  private groupStart = new Int32Array(0);
  private best = new Int32Array(0); // its last member: the most helpful value of its field
  private up = new Float64Array(0);
  private down = new Float64Array(0);
  private lowest = new Float64Array(0);
  private groupLifts = new Uint8Array(0); // at g * rules + k
  private finite = new Uint8Array(0);

  // By row j of a search's open rows: its changes are [firstOf[j], firstOf[j + 1]), its groups [groupsOf[j],
  // groupsOf[j + 1]); 1 in pending if it qualifies only if the missing data bears it out; its reach (see
  // Reach) at j * reachStride of reachValues and j * rules of reachLifts once reached[j] is 1.
  private readonly firstOf = new Int32Array(BLOCK + 1);
  private readonly groupsOf = new Int32Array(BLOCK + 1);
  private readonly pending = new Uint8Array(BLOCK);
  private readonly reachStride: number;
  private room = 0; // rows the columns by change and by group have room for (reserve)
  private reachValues = new Float64Array(0);
  private reachLifts = new Uint8Array(0);
  private readonly reached = new Uint8Array(BLOCK);

  // By position n among the rows still searching, while one size of set is tried: its finalists
  // (finalists.a[setFrom[n] …], `size` changes each, setCount[n] of them), the next to score (-1 once done),
  // and where in the scored list the first that qualified is (-1: none yet).
  private readonly finalistSets = new Ints();
  private readonly setFrom = new Int32Array(BLOCK);
  private readonly setCount = new Int32Array(BLOCK);
  private readonly next = new Int32Array(BLOCK);
  private readonly first = new Int32Array(BLOCK);

  // Scratch.
  private readonly baseComponents = new Float64Array(RISK_COMPONENTS.length); // one row's
  private readonly knocked: Int32Array; // the rules that knock one row out
  private readonly fields: Int32Array; // finalists: the groups chosen
  private readonly pick: Int32Array; // finalists: the member of each
  private readonly chosen: Int32Array; // finalists: the changes
  private readonly byRank: Int32Array; // finalists: sets per total rank, then where each rank's sets start
  private readonly promising = new Ints(); // the promising sets of one row and size, `size` changes each
  private readonly promisingRank = new Ints();
  private readonly source = new Int32Array(BLOCK); // by slot of the variant block: the row copied there
  private readonly slotOf = new Int32Array(BLOCK); // scoreSingles: by slot, the row's index j
  private readonly tally: Int32Array; // scoreSingles: rows by their number of changes
  private readonly batch = new Variants();

  constructor(
    private readonly plan: ModelPlan,
    private readonly slots: Int32Array,
  ) {
    this.variants = plan.blocks.variants ??= new Block(plan.knockOuts.length);
    const levers = Object.entries(plan.model.counterfactual.changeable);
    this.levers = levers.length;
    this.options = levers.flatMap(([key, values], lever) => {
      const field = plan.fields[fieldIndex(key as FieldKey)];
      return (values ?? []).map((value) => {
        const label = describeValue(field.key, value);
        const levels = field.levelKeys.length > 0;
        return {
          field,
          lever,
          value,
          label,
          clause: `${shortLabel(field.key)} were ${label}`,
          lvl: levels ? field.levelKeys.indexOf(String(value)) : -1,
          num: levels ? NaN : Number(value),
        };
      });
    });
    this.goodness = new Float64Array(this.options.length);
    // A learned win model's fields too: a variant's win probability reads their values.
    const learned = new Set(Object.keys(plan.model.winModel?.fields ?? {}));
    this.goodnessOnly = Uint8Array.from(this.options, ({ field: f }) =>
      f.scored >= 0 && !plan.ruleFields.has(f.index) && !learned.has(f.key) ? 1 : 0,
    );
    this.carried = Int32Array.from(
      plan.fields.filter((f) => f.scored >= 0 || plan.ruleFields.has(f.index) || learned.has(f.key)),
      (f) => f.index,
    );
    // Number and level are read by the knock-out rules and by a learned win model (its bands and levels).
    this.carriedValues = Int32Array.from(
      plan.fields.filter((f) => plan.ruleFields.has(f.index) || learned.has(f.key)),
      (f) => f.index,
    );
    const rules = (this.rules = plan.knockOuts.length);
    this.reachStride = (2 + RISK_COMPONENTS.length) * (this.levers + 1);
    this.knocked = new Int32Array(rules);
    this.fields = new Int32Array(this.levers);
    this.pick = new Int32Array(this.levers);
    this.chosen = new Int32Array(this.levers);
    this.byRank = new Int32Array(this.options.length + 2); // a total rank is at most the number of options
    this.tally = new Int32Array(this.options.length + 1);
  }

  /**
   * Makes room in the columns by change, by group and by row's reach for a search of `rows` rows: grown when a
   * search needs more, so that a table of one row does not pay for a block's worth.
   */
  private reserve(rows: number): void {
    if (rows <= this.room) return;
    const room = (this.room = Math.min(BLOCK, Math.max(rows, 2 * this.room)));
    const most = room * this.options.length;
    const m = RISK_COMPONENTS.length;
    const rules = this.rules;
    this.option = new Int32Array(most);
    this.row = new Int32Array(most);
    this.dScore = new Float64Array(most);
    this.dRisk = new Float64Array(most);
    this.dWin = new Float64Array(most);
    this.effects = new Float64Array(most * m);
    this.lifts = new Uint8Array(most * rules);
    this.lifting = new Uint8Array(most);
    this.rank = new Int32Array(most);
    this.members = new Int32Array(most);
    this.groupStart = new Int32Array(most + 1);
    this.best = new Int32Array(most);
    this.up = new Float64Array(most);
    this.down = new Float64Array(most);
    this.lowest = new Float64Array(most * m);
    this.groupLifts = new Uint8Array(most * rules);
    this.finite = new Uint8Array(most);
    this.reachValues = new Float64Array(room * this.reachStride);
    this.reachLifts = new Uint8Array(room * rules);
  }

  /** Scores the variants of `list` in blocks of BLOCK, and hands each to `seen` with its slot in this.variants. */
  private score(b: Block, list: Variants, asOf: number, seen: (k: number, slot: number) => void): void {
    const out = this.variants;
    const source = this.source;
    const rows = list.rows.a;
    const ends = list.ends.a;
    const changes = list.changes.a;
    for (let from = 0; from < list.length; from += BLOCK) {
      const count = Math.min(BLOCK, list.length - from);
      for (let i = 0; i < count; i++) source[i] = rows[from + i];
      copyRows(out, b, source, count, this.carried, this.carriedValues);
      for (let i = 0; i < count; i++)
        for (let q = list.start(from + i); q < ends[from + i]; q++) this.setChange(changes[q], i);
      evaluate(this.plan, out, count, asOf, this.slots, false); // no point sums: only verdicts are read
      for (let i = 0; i < count; i++) seen(from + i, i);
    }
  }

  /**
   * Scores every change alone on its row (row j of `rows` has changes [firstOf[j], firstOf[j + 1])) and notes
   * what it does to the points, the risk and its components, the knock-outs and the win probability. In rounds:
   * round t tries each row's t-th change, each row keeping its slot of the variant block throughout, so a row is
   * copied once and a round only puts back the field the round before changed. Only points, risk, knock-outs
   * and win probability are worked out (evaluate's `verdicts` false): nothing else of a single change is read.
   */
  private scoreSingles(b: Block, rows: readonly number[], asOf: number): void {
    const { option, dScore, dRisk, dWin, effects, lifts, lifting, options, firstOf, rules } = this;
    const out = this.variants;
    const B = BLOCK;
    const m = RISK_COMPONENTS.length;
    const slotOf = this.slotOf;
    const source = this.source;
    const count = rows.length;
    const changes = (j: number) => firstOf[j + 1] - firstOf[j];
    // Slots in order of the rows' number of changes, most first (stably), so the rows a round tries are the
    // slots [0, active).
    const most = options.length;
    const tally = this.tally.fill(0);
    for (let j = 0; j < count; j++) tally[most - changes(j)]++;
    for (let k = 1; k <= most; k++) tally[k] += tally[k - 1];
    for (let j = count - 1; j >= 0; j--) slotOf[--tally[most - changes(j)]] = j;
    for (let i = 0; i < count; i++) source[i] = rows[slotOf[i]];
    copyRows(out, b, source, count, this.carried, this.carriedValues);
    let active = count;
    for (let t = 0; ; t++) {
      while (active > 0 && changes(slotOf[active - 1]) <= t) active--;
      if (active === 0) break;
      for (let i = 0; i < active; i++) {
        const c = firstOf[slotOf[i]] + t;
        if (t > 0) {
          // The last round's field back as the row has it.
          const a = options[option[c - 1]].field.index * B;
          const r = source[i];
          out.st[a + i] = b.st[a + r];
          out.g[a + i] = b.g[a + r];
          out.num[a + i] = b.num[a + r];
          out.lvl[a + i] = b.lvl[a + r];
        }
        this.setChange(c, i);
      }
      evaluate(this.plan, out, active, asOf, this.slots, true, false);
      for (let i = 0; i < active; i++) {
        const c = firstOf[slotOf[i]] + t;
        const row = source[i];
        dScore[c] = out.pointSum[i] - b.pointSum[row];
        dRisk[c] = out.risk[i] - b.risk[row];
        for (let k = 0; k < m; k++)
          effects[c * m + k] = out.components[k * B + i] - b.components[k * B + row];
        lifting[c] = 0;
        for (let k = 0; k < rules; k++) {
          const lifted = b.knocks[k * B + row] === 1 && out.knocks[k * B + i] === 0 ? 1 : 0;
          lifts[c * rules + k] = lifted;
          lifting[c] |= lifted;
        }
        dWin[c] = out.win[i] - b.win[row];
      }
    }
  }

  /** Slot i of the variant block takes change c's value, as Block.setValue sets it (its goodness known). */
  private setChange(c: number, i: number): void {
    const out = this.variants;
    const o = this.options[this.option[c]];
    const a = o.field.index * BLOCK + i;
    out.st[a] = OK;
    out.lvl[a] = o.lvl;
    out.num[a] = o.num;
    if (o.field.scored >= 0) out.g[a] = this.goodness[this.option[c]];
  }

  /** The options of changes `changes[start, start + count)`. */
  private optionsOf(changes: ArrayLike<number>, start = 0, count = changes.length): Option[] {
    const out: Option[] = [];
    for (let q = 0; q < count; q++) out.push(this.options[this.option[changes[start + q]]]);
    return out;
  }

  /**
   * Groups the helpful changes of each row by field (see the class), ranked 1, 2, … in the order of the model's
   * values: a higher score without more risk, less risk without a lower score, a lifted knock-out, or (when the
   * verdict uses it) a higher win probability. With each group, the bounds of what its members do.
   */
  private group(open: number): void {
    const { option, dScore, dRisk, dWin, effects, lifts, lifting, rank, members, groupStart, firstOf } = this;
    const { best, up, down, lowest, groupLifts, finite, rules } = this;
    const m = RISK_COMPONENTS.length;
    const win = winRuleActive(this.plan);
    let groups = 0;
    let placed = 0;
    for (let j = 0; j < open; j++) {
      this.groupsOf[j] = groups;
      let lever = -1;
      let size = 0;
      for (let c = firstOf[j]; c < firstOf[j + 1]; c++) {
        const helpful =
          (dScore[c] > 1e-9 && dRisk[c] <= 1e-9) ||
          (dRisk[c] < -1e-9 && dScore[c] >= -1e-9) ||
          lifting[c] === 1 ||
          (win && dWin[c] > 1e-9);
        if (!helpful) continue;
        const l = this.options[option[c]].lever;
        if (l !== lever) {
          groupStart[groups++] = placed;
          lever = l;
          size = 0;
        }
        rank[c] = ++size;
        members[placed++] = c;
      }
    }
    this.groupsOf[open] = groups;
    groupStart[groups] = placed;
    for (let g = 0; g < groups; g++) {
      best[g] = members[groupStart[g + 1] - 1];
      let most = -Infinity;
      let least = Infinity;
      let all = true;
      for (let k = 0; k < m; k++) lowest[g * m + k] = Infinity;
      for (let k = 0; k < rules; k++) groupLifts[g * rules + k] = 0;
      for (let q = groupStart[g]; q < groupStart[g + 1]; q++) {
        const c = members[q];
        if (dScore[c] > most) most = dScore[c];
        if (dRisk[c] < least) least = dRisk[c];
        for (let k = 0; k < m; k++) {
          const d = effects[c * m + k];
          if (d < lowest[g * m + k]) lowest[g * m + k] = d;
          all &&= Number.isFinite(d);
        }
        for (let k = 0; k < rules; k++) groupLifts[g * rules + k] |= lifts[c * rules + k];
        all &&= Number.isFinite(dScore[c]) && Number.isFinite(dRisk[c]);
      }
      up[g] = most;
      down[g] = least;
      finite[g] = all ? 1 : 0;
    }
  }

  /**
   * The counterfactual of each of `rows` (distinct evaluated rows of `b`, none of them empty, so at most
   * BLOCK: the search's columns are that long), in the same order: null
   * for a row that is already Qualified or needs information. `inputsOf` names the inputs of a row of `b` behind
   * a risk blocker.
   */
  search(b: Block, rows: readonly number[], asOf: number, inputsOf?: InputsOf): (Counterfactual | null)[] {
    const plan = this.plan;
    const model = plan.model;
    const B = BLOCK;
    const v = this.variants;
    const out = new Array<Counterfactual | null>(rows.length).fill(null);
    this.reserve(rows.length);
    if (this.goodnessAsOf !== asOf) {
      this.options.forEach((o, k) => {
        this.goodness[k] = o.field.scored >= 0 ? valueGoodness(o.field, OK, o.num, o.lvl, asOf) : NaN;
      });
      this.goodnessAsOf = asOf;
    }
    // Rows that need information are told what to collect, not what to change. By index j here: the row of the
    // block, and its place in `rows`.
    const openRow: number[] = [];
    const openAt: number[] = [];
    rows.forEach((row, k) => {
      if (b.verdict[row] !== QUALIFIED && !needsData(b, row)) {
        openRow.push(row);
        openAt.push(k);
      }
    });
    const open = openRow.length;

    // 1. Each better value alone: what it does to the score, the risk and the knock-outs.
    const { option, firstOf, groupsOf, best, pending } = this;
    let singles = 0;
    for (let j = 0; j < open; j++) {
      const r = openRow[j];
      firstOf[j] = singles;
      for (let k = 0; k < this.options.length; k++) {
        const o = this.options[k];
        const at = o.field.index * B + r;
        if (b.st[at] === OK && (o.lvl >= 0 ? b.lvl[at] === o.lvl : b.num[at] === o.num)) continue;
        if (this.goodnessOnly[k] === 1 && this.goodness[k] <= b.g[at]) continue; // no better: cannot help
        option[singles] = k;
        this.row[singles++] = r;
      }
    }
    firstOf[open] = singles;
    this.scoreSingles(b, openRow, asOf);
    this.group(open);
    const bests = (j: number) => groupsOf[j + 1] - groupsOf[j]; // row j's groups, and best changes

    // 2. The best of every lever at once: if even that does not qualify a row, nothing smaller will; say what
    // still stands in the way.
    const max = model.counterfactual.maxChanges;
    // What still stands in the way at `at`'s row i (the row itself, or it with every lever at its best), in one
    // short sentence; a risk component names the inputs of the row that drive it, the changed ones aside.
    const blockers = (at: Block, i: number, row: number, changed: readonly Option[]): Counterfactual => {
      const skip = new Set(changed.map((o) => o.field.key));
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
    const searching: number[] = []; // indexes j of rows that their best changes qualify
    const batch = this.batch.clear();
    for (let j = 0; j < open; j++) {
      if (bests(j) === 0) out[openAt[j]] = blockers(b, openRow[j], openRow[j], []);
      else batch.add(openRow[j], j, best, groupsOf[j], bests(j));
    }
    this.score(b, batch, asOf, (k, i) => {
      const j = batch.tags.a[k];
      if (qualifies(v, i)) {
        searching.push(j);
        pending[j] = v.verdict[i] !== QUALIFIED ? 1 : 0;
      } else out[openAt[j]] = blockers(v, i, openRow[j], this.optionsOf(best, groupsOf[j], bests(j)));
    });

    // 3. The smallest set that qualifies: one change, then two, … up to the model's maximum. Score and risk are
    // sums over fields, so each set is first judged by adding up its changes' effects; the promising ones are
    // scored, fewest and smallest changes first, and the first that qualifies is the answer. A size whose best
    // changes added up still fall short is skipped whole (mayQualify), before any of its sets is listed.
    let left = searching;
    const { finalistSets: finalists, setFrom, setCount, next, first, reached } = this;
    reached.fill(0, 0, open);
    for (let size = 1; left.length > 0 && size <= max; size++) {
      finalists.n = 0;
      for (let n = 0; n < left.length; n++) {
        const j = left[n];
        // One change at a time is quickly tried; the bounds pay from two changes on.
        let reach: Reach | null = null;
        if (size > 1) {
          reach = {
            values: this.reachValues,
            at: j * this.reachStride,
            lifts: this.reachLifts,
            liftsAt: j * this.rules,
          };
          if (reached[j] === 0) this.reachOf(groupsOf[j], groupsOf[j + 1], reach);
          reached[j] = 1;
        }
        setFrom[n] = finalists.n;
        setCount[n] = this.finalists(b, openRow[j], groupsOf[j], groupsOf[j + 1], size, reach, finalists);
        next[n] = 0;
        first[n] = -1;
      }
      let active = left.length;
      // In waves: each row's next few sets (one, then two, four, …), so most rows stop after their first.
      for (let wave = 1; active > 0; wave *= 2) {
        batch.clear();
        for (let n = 0; n < left.length; n++) {
          const at = next[n];
          if (at < 0) continue;
          const row = openRow[left[n]];
          for (let q = at; q < at + wave && q < setCount[n]; q++)
            batch.add(row, n, finalists.a, setFrom[n] + q * size, size);
          if (at + wave < setCount[n]) next[n] = at + wave;
          else {
            next[n] = -1;
            active--;
          }
        }
        this.score(b, batch, asOf, (k, i) => {
          const n = batch.tags.a[k];
          if (qualifies(v, i) && first[n] < 0) {
            first[n] = batch.start(k);
            pending[left[n]] = v.verdict[i] !== QUALIFIED ? 1 : 0;
            out[openAt[left[n]]] = found(
              this.optionsOf(batch.changes.a, first[n], size),
              max,
              pending[left[n]] === 1,
            );
            if (next[n] >= 0) {
              next[n] = -1;
              active--;
            }
          }
        });
      }
      left = left.filter((_, n) => first[n] < 0);
    }
    // More changes than the model's maximum: the smallest set found by leaving out, one at a time, every change
    // the row qualifies without. The rows take their steps side by side, so each step is scored as one block.
    // By position n in `left`: the set so far, and the change to try leaving out next.
    const sets: Int32Array[] = left.map((j) => best.slice(groupsOf[j], groupsOf[j + 1]));
    const drops = left.map((j) => bests(j) - 1);
    for (;;) {
      batch.clear();
      left.forEach((j, n) => {
        const set = sets[n];
        const drop = drops[n];
        if (drop >= 0 && set.length > 1) {
          const without = set.filter((_, q) => q !== drop);
          batch.add(openRow[j], n, without, 0, without.length);
        }
      });
      if (batch.length === 0) break;
      this.score(b, batch, asOf, (k, i) => {
        const n = batch.tags.a[k];
        if (qualifies(v, i)) {
          sets[n] = batch.changes.a.slice(batch.start(k), batch.ends.a[k]);
          pending[left[n]] = v.verdict[i] !== QUALIFIED ? 1 : 0;
        }
      });
      for (let k = 0; k < batch.length; k++) drops[batch.tags.a[k]]--;
    }
    left.forEach((j, n) => (out[openAt[j]] = found(this.optionsOf(sets[n]), max, pending[j] === 1)));
    return out;
  }

  /**
   * Appends to `into` the promising sets of `size` changes for row r, one per group of [g0, g1), and says how
   * many: every choice of groups in order and of one member of each (the last group's changing fastest), ordered
   * by total rank (smallest changes first) and among equals in the order found.
   */
  private finalists(
    b: Block,
    r: number,
    g0: number,
    g1: number,
    size: number,
    reach: Reach | null,
    into: Ints,
  ): number {
    const groups = g1 - g0;
    if (size > groups) return 0;
    const { minScore, maxRisk, maxComponentRisk } = this.plan.model.thresholds.qualified;
    const m = RISK_COMPONENTS.length;
    const rules = this.rules;
    const baseScore = b.score[r];
    const baseRisk = b.risk[r];
    const baseComponents = this.baseComponents;
    for (let k = 0; k < m; k++) baseComponents[k] = b.components[k * BLOCK + r];
    const knocked = this.knocked;
    let knocks = 0;
    for (let k = 0; k < rules; k++) if (b.knocks[k * BLOCK + r] === 1) knocked[knocks++] = k;
    if (
      reach &&
      !mayQualify(reach, size, groups, knocked, knocks, baseScore, baseRisk, baseComponents, this.plan)
    )
      return 0;
    const { dScore, dRisk, effects, lifts, rank, members, groupStart } = this;
    const promising = this.promising;
    const promisingRank = this.promisingRank;
    promising.n = 0;
    promisingRank.n = 0;
    const fields = this.fields;
    const pick = this.pick;
    const chosen = this.chosen;
    for (let j = 0; j < size; j++) fields[j] = g0 + j;
    for (;;) {
      if (this.mayPass(size, knocks, baseScore, baseRisk)) {
        for (let j = 0; j < size; j++) pick[j] = 0;
        for (;;) {
          let total = 0;
          for (let j = 0; j < size; j++) {
            const c = (chosen[j] = members[groupStart[fields[j]] + pick[j]]);
            total += rank[c];
          }
          // Whether the changes' effects, added up, come within reach of Qualified and lift every knock-out.
          let score = baseScore;
          let risk = baseRisk;
          for (let j = 0; j < size; j++) {
            score += dScore[chosen[j]];
            risk += dRisk[chosen[j]];
          }
          let ok = !(score < minScore - SLACK || risk > maxRisk + SLACK);
          for (let i = 0; i < m && ok; i++) {
            let x = baseComponents[i];
            for (let j = 0; j < size; j++) x += effects[chosen[j] * m + i];
            if (x > maxComponentRisk + SLACK) ok = false;
          }
          for (let q = 0; q < knocks && ok; q++) {
            let lifted = false;
            for (let j = 0; j < size && !lifted; j++) lifted = lifts[chosen[j] * rules + knocked[q]] === 1;
            if (!lifted) ok = false;
          }
          if (ok) {
            for (let j = 0; j < size; j++) promising.push(chosen[j]);
            promisingRank.push(total);
          }
          let j = size - 1;
          while (j >= 0 && ++pick[j] === groupStart[fields[j] + 1] - groupStart[fields[j]]) pick[j--] = 0;
          if (j < 0) break;
        }
      }
      let j = size - 1;
      while (j >= 0 && fields[j] === g1 - size + j) j--;
      if (j < 0) break;
      fields[j]++;
      for (let k = j + 1; k < size; k++) fields[k] = fields[k - 1] + 1;
    }
    // By total rank, stably: count the sets of each rank, then place each after the smaller ranks' sets.
    const sets = promisingRank.n;
    const byRank = this.byRank;
    byRank.fill(0);
    for (let s = 0; s < sets; s++) byRank[promisingRank.a[s] + 1]++;
    for (let k = 1; k < byRank.length; k++) byRank[k] += byRank[k - 1];
    const base = into.n;
    for (let s = 0; s < sets * size; s++) into.push(0);
    for (let s = 0; s < sets; s++) {
      const at = base + byRank[promisingRank.a[s]]++ * size;
      for (let j = 0; j < size; j++) into.a[at + j] = promising.a[s * size + j];
    }
    return sets;
  }

  /**
   * Whether some set of one member of each of the groups this.fields[0, size) may pass finalists' promising
   * test, judged by the most helpful member of each group for each test alone, added up in the same order as
   * the test adds its changes. Rounding to nearest never makes a larger addend give a smaller sum, so when
   * these bounds fail a test, every set of these groups fails it too. A group with an effect that is not a
   * finite number bounds nothing.
   */
  private mayPass(size: number, knocks: number, baseScore: number, baseRisk: number): boolean {
    const { fields, up, down, lowest, groupLifts, finite, knocked, rules } = this;
    const { minScore, maxRisk, maxComponentRisk } = this.plan.model.thresholds.qualified;
    const m = RISK_COMPONENTS.length;
    let score = baseScore;
    let risk = baseRisk;
    for (let j = 0; j < size; j++) {
      if (finite[fields[j]] === 0) return true;
      score += up[fields[j]];
      risk += down[fields[j]];
    }
    if (score < minScore - SLACK || risk > maxRisk + SLACK) return false;
    for (let i = 0; i < m; i++) {
      let x = this.baseComponents[i];
      for (let j = 0; j < size; j++) x += lowest[fields[j] * m + i];
      if (x > maxComponentRisk + SLACK) return false;
    }
    for (let q = 0; q < knocks; q++) {
      let lifted = false;
      for (let j = 0; j < size && !lifted; j++) lifted = groupLifts[fields[j] * rules + knocked[q]] === 1;
      if (!lifted) return false;
    }
    return true;
  }

  /**
   * Works out the reach (see Reach) of a row whose groups are [g0, g1): into `reach.values` from `at`, each
   * list (g1 - g0 + 1) long, and `reach.lifts` from `liftsAt`.
   */
  private reachOf(g0: number, g1: number, reach: Reach): void {
    const { up, down, lowest, groupLifts, finite, rules } = this;
    const { values, at, liftsAt } = reach;
    const n = g1 - g0;
    const m = RISK_COMPONENTS.length;
    const stride = n + 1;
    // Each list's entries 1 … n first hold the groups' own bests, then (prefixSums) the sums.
    const score = at;
    const risk = at + stride;
    const component = (k: number) => at + (2 + k) * stride;
    reach.lifts.fill(0, liftsAt, liftsAt + rules);
    let all = true;
    for (let g = 0; g < n; g++) {
      values[score + 1 + g] = -up[g0 + g]; // negated, so that every list is summed smallest first
      values[risk + 1 + g] = down[g0 + g];
      for (let k = 0; k < m; k++) values[component(k) + 1 + g] = lowest[(g0 + g) * m + k];
      for (let k = 0; k < rules; k++) reach.lifts[liftsAt + k] |= groupLifts[(g0 + g) * rules + k];
      all &&= finite[g0 + g] === 1;
    }
    if (!all) {
      // A change whose effect is not a number bounds nothing: every set is tried, as the promising test decides.
      values.fill(Infinity, score, score + stride);
      values.fill(-Infinity, risk, risk + stride);
      for (let k = 0; k < m; k++) values.fill(-Infinity, component(k), component(k) + stride);
      return;
    }
    prefixSums(values, score, n);
    for (let q = 0; q <= n; q++) values[score + q] = -values[score + q];
    prefixSums(values, risk, n);
    for (let k = 0; k < m; k++) prefixSums(values, component(k), n);
  }
}

/**
 * The most any set of changes of a row, one from each of so many different groups, can do for each test of the
 * promising check (finalists), each test alone: entry [size] of a list is the sum of the `size` groups' best
 * changes for it. In `values` from `at`, lists of (groups + 1) one after the other: the most the score can rise,
 * the most the risk can fall (as a negative change), then by component, as risk. In `lifts` from `liftsAt`, 1 for
 * each knock-out rule some change lifts.
 */
interface Reach {
  values: Float64Array;
  at: number;
  lifts: Uint8Array;
  liftsAt: number;
}

/**
 * xs[at + 1 … at + n] sorted, then xs[at + k] = the sum of the k smallest, for k = 0 … n: [0, smallest,
 * smallest + next smallest, …].
 */
function prefixSums(xs: Float64Array, at: number, n: number): void {
  // A handful of numbers (one per changeable field): sorted in place by insertion.
  const a = at + 1;
  for (let i = 1; i < n; i++) {
    const x = xs[a + i];
    let k = i;
    for (; k > 0 && xs[a + k - 1] > x; k--) xs[a + k] = xs[a + k - 1];
    xs[a + k] = x;
  }
  xs[at] = 0;
  for (let j = 0; j < n; j++) xs[a + j] = xs[at + j] + xs[a + j];
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
  groups: number,
  knocked: Int32Array,
  knocks: number,
  baseScore: number,
  baseRisk: number,
  baseComponents: Float64Array,
  plan: ModelPlan,
): boolean {
  const { minScore, maxRisk, maxComponentRisk } = plan.model.thresholds.qualified;
  const { values, at } = reach;
  const stride = groups + 1;
  if (baseScore + values[at + size] < minScore - SLACK - BOUND_EPS) return false;
  if (baseRisk + values[at + stride + size] > maxRisk + SLACK + BOUND_EPS) return false;
  for (let k = 0; k < baseComponents.length; k++)
    if (baseComponents[k] + values[at + (2 + k) * stride + size] > maxComponentRisk + SLACK + BOUND_EPS)
      return false;
  for (let q = 0; q < knocks; q++) if (reach.lifts[reach.liftsAt + knocked[q]] !== 1) return false;
  return true;
}
