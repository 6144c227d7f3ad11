// Why a row got its verdict, from its evaluated block: each factor's points rounded so they add up to the
// score, the strongest reasons for and against in words, the rationale sentence, and (when a shell wants the
// whole story) the Assessment with every driver. Reason texts are remembered on the plan's outcomes, so a
// pipeline that repeats "Financing Secured" words it once.
import { BLOCK, crmViewAt, type Block } from "./block";
import { bidCostPercent } from "./effort";
import { fieldLabel, FIELDS } from "./fields";
import { parseCell } from "./parse";
import {
  EFFORT_FIELDS,
  fieldIndex,
  MISSING,
  OK,
  RISK_COMPONENTS,
  UNRECOGNISED,
  type FieldPlan,
  type ModelPlan,
} from "./plan";
import { round1 } from "./output";
import {
  fieldReason,
  formatMoney,
  list,
  missingSentence,
  rationaleOf,
  reasonIsDated,
  type RationaleInput,
  type Reason,
} from "./rationale";
import {
  BASELINE,
  CONDITIONAL,
  gradeOf,
  NEEDS_INFORMATION,
  shortfallsInto,
  VERDICTS,
  type Shortfall,
} from "./score";
import { goodnessSlots } from "./evaluate";
import type { Assessment, Cell, Driver, FieldKey, FieldValue, RiskComponentKey } from "./types";

const F = FIELDS.length;
const BUCKETS = 32; // apportion's buckets of remainders, by size

/** Scratch for one row's explanation, owned by the caller (the table qualifier). */
export class Explainer {
  readonly points: Float64Array; // unrounded, SCORED_FIELDS order then bid effort
  readonly rounded: Float64Array; // the same, rounded so that they add up to the score
  private readonly remainder: Float64Array;
  private readonly order: Int32Array; // factors by remainder, largest first (ties: the earlier factor first)
  private readonly bucket: Int32Array; // each factor's remainder bucket (apportion), -1 for none
  private readonly counts = new Int32Array(BUCKETS); // how many factors each bucket holds (empty between rows)
  private readonly slots: Int32Array; // goodnessSlots(plan)
  private readonly missingWords = new Map<number, string>(); // "Missing …" by the set of missing fields
  private readonly numberReasons: (Map<number, string> | undefined)[] = []; // by field, for number cells
  /** Where each scored factor's status sits in a block (row 0): its field's slice. */
  private readonly statusAt: Int32Array;

  // What the rationale of a row is worded from (rationaleOf), filled anew for every row. Its lists are shared by
  // the rows that have the same one (knock-outs, required fields) or reused from row to row (reasons, gaps,
  // a component's inputs): rationaleOf reads them before the next row is explained, and keeps none of them.
  private readonly input: RationaleInput;
  private readonly pros: Reason[][]; // by how many: [], [a], [a, b], the same two Reasons in each
  private readonly cons: Reason[][];
  private readonly gaps: Shortfall[][]; // by how many, the same Shortfalls in each
  private readonly inputWords: string[][]; // a component's inputs, by how many
  private readonly knockOutWords = new Map<number, readonly string[]>(); // by the set of rules tripped
  private readonly requiredWords = new Map<number, readonly FieldKey[]>(); // by the set of required fields lacking
  private readonly winBelow = { probability: 0, minimum: 0 };
  private at = { b: null as unknown as Block, r: 0, asOf: 0 }; // the row whose rationale is being worded

  private cells: readonly Cell[] = []; // the row being explained, as it was typed

  constructor(
    readonly plan: ModelPlan,
    private readonly columns: Int32Array, // which column of a row holds each field, -1 for none
  ) {
    const n = plan.scored.length + 1;
    this.points = new Float64Array(n);
    this.rounded = new Float64Array(n);
    this.remainder = new Float64Array(n);
    this.order = new Int32Array(n);
    this.bucket = new Int32Array(n);
    this.slots = plan.derived.slots ??= goodnessSlots(plan);
    this.statusAt = Int32Array.from(plan.scored, (f) => f.index * BLOCK);
    const reasons = (): Reason[][] => {
      const one = { reason: "", points: 0 };
      const two = { reason: "", points: 0 };
      return [[], [one], [one, two]];
    };
    this.pros = reasons();
    this.cons = reasons();
    const shortfalls = Array.from({ length: 2 + RISK_COMPONENTS.length }, (): Shortfall => ({
      kind: "score",
      component: undefined,
      value: 0,
      limit: 0,
    }));
    this.gaps = Array.from({ length: shortfalls.length + 1 }, (_, k) => shortfalls.slice(0, k));
    this.inputWords = [[], [""], ["", ""]];
    this.input = {
      verdict: "Qualified",
      score: 0,
      risk: 0,
      knockOuts: NO_WORDS,
      gaps: this.gaps[0],
      pros: this.pros[0],
      cons: this.cons[0],
      missing: NO_FIELDS,
      unrecognised: NO_UNRECOGNISED,
      confidence: 0,
      minKnown: plan.information.minKnown,
      requiredMissing: NO_FIELDS,
      inputs: (key) => this.rowInputs(key),
      effortAssumed: false,
      unsure: false,
      winBelow: undefined,
    };
  }

  /**
   * Row r's points per factor, unrounded and rounded to 0.1 so that, with the baseline, they add up exactly to
   * the rounded score (largest remainders take the leftover tenths; ties go to the earlier factor), so a
   * manager can add up what the drivers say.
   */
  apportion(b: Block, r: number, slots: Int32Array): void {
    const { coef } = this.plan;
    const n = this.plan.scored.length;
    const { points, rounded, remainder } = this;
    for (let i = 0; i < n; i++) points[i] = coef[i] * (b.g[slots[i] + r] - 0.5);
    points[n] = coef[n] * (b.effortG[r] - 0.5);
    let floors = 0;
    for (let i = 0; i <= n; i++) {
      const tenths = points[i] * 10;
      const floor = Math.floor(tenths);
      rounded[i] = floor;
      remainder[i] = tenths - floor;
      floors += floor;
    }
    // The leftover tenths go to the largest remainders, one each (equal remainders keep the factors' order, so
    // ties go to the earlier factor). Remainders are first counted into buckets by their size: every factor in a
    // bucket above the one where the `left` largest end takes a tenth, and only that bucket's few are ranked one
    // by one. (Ranking every factor against the others costs a mispredicted branch per comparison.)
    const left = Math.round((b.score[r] - BASELINE) * 10) - floors;
    if (left > 0) {
      const { bucket, counts, order } = this;
      for (let i = 0; i <= n; i++) {
        const x = remainder[i];
        const q = x >= 0 ? Math.min(BUCKETS - 1, Math.floor(x * BUCKETS)) : -1;
        bucket[i] = q;
        if (q >= 0) counts[q]++;
      }
      // The bucket where the `left` largest end (-1: they take every factor), and how many of it they take.
      let edge = BUCKETS - 1;
      let above = 0;
      for (; edge >= 0 && above + counts[edge] < left; edge--) above += counts[edge];
      for (let i = 0; i <= n; i++) {
        const q = bucket[i];
        // A tenth for each factor in a bucket above the edge (subtracting 0 or -1 keeps a -0 point -0).
        rounded[i] -= 0 - ((edge - q) >>> 31);
        counts[q & (BUCKETS - 1)] = 0; // left empty for the next row (q = -1 clears one that is empty anyway)
      }
      // The edge bucket's factors, ranked as they come: its `want` largest are kept in order.
      const want = left - above;
      let kept = 0;
      for (let i = 0; i <= n && edge >= 0; i++) {
        if (bucket[i] !== edge) continue;
        const x = remainder[i];
        if (kept === want && !(remainder[order[kept - 1]] < x)) continue;
        let k = kept < want ? kept++ : kept - 1;
        while (k > 0 && remainder[order[k - 1]] < x) {
          order[k] = order[k - 1];
          k--;
        }
        order[k] = i;
      }
      for (let k = 0; k < kept; k++) rounded[order[k]] += 1;
    }
    for (let i = 0; i <= n; i++) rounded[i] /= 10;
  }

  /** Whether factor i (SCORED_FIELDS order, then bid effort) is one of the drivers: it carries any weight. */
  isDriver(i: number): boolean {
    return this.plan.coef[i] > 0;
  }

  /**
   * Whether factor i of row r is the model's assumption rather than the row's data: a field that was not read,
   * or the bid effort when none of its inputs was. An assumption is never quoted as a reason for or against.
   */
  assumed(b: Block, r: number, i: number): boolean {
    const plan = this.plan;
    if (i < plan.scored.length) return b.st[plan.scored[i].index * BLOCK + r] !== OK;
    return effortAssumed(plan, b, r);
  }

  /**
   * The inputs that drive risk component `key` of row r: its factors that add the most risk, at most two, as
   * their reasons ("Customer Importance New"). `skip` leaves out fields (a counterfactual's changed ones).
   */
  componentInputs(
    b: Block,
    r: number,
    key: RiskComponentKey,
    asOf: number,
    skip?: ReadonlySet<FieldKey>,
  ): string[] {
    const count = this.rankInputs(b, r, key, skip);
    const words: string[] = [];
    for (let k = 0; k < count; k++) words.push(this.reasonOf(b, r, this.plan.scored[this.ranked[k]], asOf));
    return words;
  }

  private readonly ranked = new Int32Array(2); // rankInputs' factors, most risk first

  /**
   * Finds the (at most two) factors of risk component `key` that add the most risk to row r, into `ranked`, and
   * says how many. Ties go to the earlier factor; a factor that adds no risk is never named.
   */
  private rankInputs(b: Block, r: number, key: RiskComponentKey, skip?: ReadonlySet<FieldKey>): number {
    const plan = this.plan;
    let comp = null;
    for (const c of plan.components) if (c.key === key) comp = c;
    if (comp === null) return 0;
    const { g } = b;
    const slots = this.slots;
    let first = -1;
    let second = -1;
    let firstShare = 0;
    let secondShare = 0;
    for (let j = 0; j < comp.index.length; j++) {
      const i = comp.index[j];
      if (skip?.has(plan.scored[i].key)) continue;
      const share = comp.w[j] * (1 - g[slots[i] + r]);
      if (!(share > 1e-9)) continue;
      if (first < 0 || share > firstShare || (share === firstShare && i < first)) {
        second = first;
        secondShare = firstShare;
        first = i;
        firstShare = share;
      } else if (second < 0 || share > secondShare || (share === secondShare && i < second)) {
        second = i;
        secondShare = share;
      }
    }
    this.ranked[0] = first;
    this.ranked[1] = second;
    return first < 0 ? 0 : second < 0 ? 1 : 2;
  }

  /** The inputs of a risk component of the row whose rationale is being worded, in lists reused row to row. */
  private rowInputs(key: RiskComponentKey): readonly string[] {
    const { b, r, asOf } = this.at;
    const count = this.rankInputs(b, r, key);
    const words = this.inputWords[count];
    for (let k = 0; k < count; k++) words[k] = this.reasonOf(b, r, this.plan.scored[this.ranked[k]], asOf);
    return words;
  }

  /**
   * What to collect first for a row that needs information: its unknown factors, those that could move the
   * verdict most first (the points they could add plus the risk they could take away), at most four named.
   */
  collect(b: Block, r: number): string {
    const plan = this.plan;
    const slots = (plan.derived.slots ??= goodnessSlots(plan));
    const n = plan.scored.length;
    const ranked: { i: number; gain: number }[] = [];
    for (let i = 0; i < n; i++) {
      if (!this.isDriver(i) || !this.assumed(b, r, i)) continue;
      const lift = 1 - b.g[slots[i] + r];
      let gain = plan.coef[i] * lift;
      for (const c of plan.components) {
        const j = c.index.indexOf(i);
        if (j >= 0 && c.wsum > 0 && plan.componentWeightSum > 0)
          gain += (100 * c.w[j] * lift * c.weight) / c.wsum / plan.componentWeightSum;
      }
      ranked.push({ i, gain });
    }
    ranked.sort((x, y) => y.gain - x.gain || x.i - y.i);
    const names = ranked.map(({ i }) => fieldLabel(plan.scored[i].key));
    const shown = names.length > 4 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
    return `Collect: ${list(shown)}`;
  }

  /** Row r of the block is the row with these cells: its reasons quote what was typed in them. */
  row(cells: readonly Cell[]): void {
    this.cells = cells;
  }

  /** The reason factor i gives for row r, in words. */
  reason(b: Block, r: number, i: number, asOf: number): string {
    const n = this.plan.scored.length;
    if (i === n)
      return effortReason(
        b.effort[r],
        bidCostPercent(b.bidCost[r], dealValueAt(this.plan, b, r)),
        b.bidCost[r],
      );
    return this.reasonOf(b, r, this.plan.scored[i], asOf);
  }

  /** Row r's value of a field, as the parser gives it from the cell typed. */
  private valueOf(b: Block, r: number, f: FieldPlan): FieldValue {
    const a = f.index * BLOCK + r;
    const o = b.ref[a];
    if (o !== null) return o.value;
    // A number read straight from the cell, without an outcome: the cell itself is what was typed.
    const col = this.columns[f.index];
    const raw = col >= 0 ? (this.cells[col] ?? null) : null;
    return { status: "ok", value: b.num[a], raw };
  }

  /**
   * The reason a field gives for row r: remembered on the cell's outcome, or for a number cell by its number,
   * unless it counts days from today.
   */
  private reasonOf(b: Block, r: number, f: FieldPlan, asOf: number): string {
    const a = f.index * BLOCK + r;
    const o = b.ref[a];
    if (o !== null && o.reason !== null) return o.reason; // only a reason that does not depend on the day is kept
    const col = this.columns[f.index];
    const cell = o === null && col >= 0 ? this.cells[col] : undefined;
    const byNumber = typeof cell === "number" && !reasonIsDated(f.key, OK_NUMBER);
    if (byNumber) {
      const known = this.numberReasons[f.index]?.get(cell);
      if (known !== undefined) return known;
    }
    const v = this.valueOf(b, r, f);
    if (o !== null && !reasonIsDated(f.key, v)) return (o.reason ??= fieldReason(f.key, v, asOf));
    const at = this.plan.at;
    const roadmap =
      f.index === at.solutionAvailability ? this.valueOf(b, r, this.plan.fields[at.roadmapDate]) : undefined;
    const reason = fieldReason(f.key, v, asOf, roadmap);
    if (byNumber) {
      // Full, a field's memo keeps what it has: a field of distinct numbers (deal values) would only churn it,
      // every reason kept long enough to be copied by the garbage collector and never asked for again.
      const memo = (this.numberReasons[f.index] ??= new Map());
      if (memo.size < 4096) memo.set(cell, reason);
    }
    return reason;
  }

  /**
   * The two strongest reasons for row r and the two strongest against, strongest first, into the rationale's
   * input; ties keep the factors' order. Only drivers worth at least half a point count, and never an assumption.
   */
  private strongest(b: Block, r: number, asOf: number, effortIsAssumed: boolean): void {
    const { rounded, statusAt } = this;
    const { coef } = this.plan;
    const { st } = b;
    const n = statusAt.length; // factor n is the bid effort
    let pro = -1;
    let pro2 = -1;
    let con = -1;
    let con2 = -1;
    for (let i = 0; i <= n; i++) {
      const p = rounded[i];
      if (!(p >= 0.5 || p <= -0.5) || !(coef[i] > 0)) continue;
      if (i < n ? st[statusAt[i] + r] !== OK : effortIsAssumed) continue;
      if (p > 0) {
        if (pro < 0 || p > rounded[pro]) {
          pro2 = pro;
          pro = i;
        } else if (pro2 < 0 || p > rounded[pro2]) pro2 = i;
      } else if (con < 0 || p < rounded[con]) {
        con2 = con;
        con = i;
      } else if (con2 < 0 || p < rounded[con2]) con2 = i;
    }
    const a = this.input;
    a.pros = this.reasons(this.pros, pro, pro2, b, r, asOf);
    a.cons = this.reasons(this.cons, con, con2, b, r, asOf);
  }

  /** Factors `first` and `second` (-1: none) as reasons, in the list of that length from `lists`. */
  private reasons(
    lists: Reason[][],
    first: number,
    second: number,
    b: Block,
    r: number,
    asOf: number,
  ): readonly Reason[] {
    if (first < 0) return lists[0];
    const list = lists[second < 0 ? 1 : 2];
    list[0].reason = this.reason(b, r, first, asOf);
    list[0].points = this.rounded[first];
    if (second >= 0) {
      list[1].reason = this.reason(b, r, second, asOf);
      list[1].points = this.rounded[second];
    }
    return list;
  }

  /** The rationale of evaluated row r, after apportion(). */
  rationale(b: Block, r: number, asOf: number): string {
    const plan = this.plan;
    const a = this.input;
    const gaps = gapsAt(plan, b, r);
    const mask = gaps & ~UNREADABLE;
    // Rows with the same gaps share the words for them.
    let missing = this.missingWords.get(mask);
    if (missing === undefined) {
      missing = missingSentence(missingFromMask(plan, mask));
      if (this.missingWords.size < 4096) this.missingWords.set(mask, missing);
    }
    const effortIsAssumed = effortAssumed(plan, b, r);
    this.at.b = b;
    this.at.r = r;
    this.at.asOf = asOf;
    a.verdict = VERDICTS[b.verdict[r]];
    a.score = b.score[r];
    a.risk = b.risk[r];
    a.knockOuts = b.knocked[r] === 0 ? NO_WORDS : this.knockOutReasons(b, r);
    a.gaps = this.shortfalls(b, r);
    this.strongest(b, r, asOf, effortIsAssumed);
    a.unrecognised = gaps & UNREADABLE ? unrecognisedAt(plan, b, r) : NO_UNRECOGNISED;
    a.confidence = b.known[r];
    a.requiredMissing = this.requiredMissing(b, r);
    a.effortAssumed = effortIsAssumed;
    a.unsure = b.unsure[r] === 1 && b.verdict[r] === CONDITIONAL;
    if (b.winBlocked[r] === 1) {
      this.winBelow.probability = b.win[r];
      this.winBelow.minimum = plan.model.winModel!.minWinProbability!;
      a.winBelow = this.winBelow;
    } else a.winBelow = undefined;
    return rationaleOf(plan.model, a, missing);
  }

  /** Where row r falls short of the qualified thresholds, in a list reused row to row (score.ts shortfallsInto). */
  private shortfalls(b: Block, r: number): readonly Shortfall[] {
    const t = this.plan.model.thresholds.qualified;
    const pool = this.gaps[this.gaps.length - 1];
    return this.gaps[shortfallsInto(pool, t, b.score[r], b.risk[r], RISK_COMPONENTS, b.components, r, BLOCK)];
  }

  /** The reasons of the knock-out rules row r trips, shared by the rows that trip the same ones. */
  private knockOutReasons(b: Block, r: number): readonly string[] {
    const rules = this.plan.knockOuts;
    if (rules.length > 30) return knockOutsAt(this.plan, b, r).map((k) => k.reason);
    let mask = 0;
    for (let i = 0; i < rules.length; i++) if (b.knocks[i * BLOCK + r] === 1) mask |= 1 << i;
    let words = this.knockOutWords.get(mask);
    if (words === undefined) {
      words = knockOutsAt(this.plan, b, r).map((k) => k.reason);
      this.knockOutWords.set(mask, words);
    }
    return words;
  }

  /** The fields the model requires before deciding that row r lacks, shared by the rows that lack the same. */
  private requiredMissing(b: Block, r: number): readonly FieldKey[] {
    const { required } = this.plan.information;
    if (required.length === 0) return NO_FIELDS;
    if (required.length > 30) return requiredMissingAt(this.plan, b, r);
    let mask = 0;
    for (let k = 0; k < required.length; k++) if (b.st[required[k] * BLOCK + r] !== OK) mask |= 1 << k;
    if (mask === 0) return NO_FIELDS;
    let fields = this.requiredWords.get(mask);
    if (fields === undefined) {
      fields = requiredMissingAt(this.plan, b, r);
      this.requiredWords.set(mask, fields);
    }
    return fields;
  }

  /** The next step for a row that lacks the data to decide (what to collect); null for any other row. */
  nextStep(b: Block, r: number): string | null {
    return needsData(b, r) ? this.collect(b, r) : null;
  }

  /** Everything about evaluated row r, after apportion() and row(). */
  assessment(b: Block, r: number, asOf: number, rationale: string): Assessment {
    const row = this.cells;
    const columns = this.columns;
    const plan = this.plan;
    const model = plan.model;
    const n = plan.scored.length;
    const drivers: Driver[] = [
      { factor: "baseline", label: "Baseline", points: BASELINE, max: BASELINE, reason: "Neutral start" },
    ];
    for (let i = 0; i <= n; i++) {
      if (!this.isDriver(i)) continue;
      const bid = i === n;
      drivers.push({
        factor: bid ? "bidEffort" : plan.scored[i].key,
        label: bid ? "Bid effort" : fieldLabel(plan.scored[i].key),
        points: this.rounded[i],
        max: plan.maxPoints[i],
        reason: this.reason(b, r, i, asOf),
      });
    }
    const components = {} as Record<RiskComponentKey, number>;
    RISK_COMPONENTS.forEach((key, k) => (components[key] = b.components[k * BLOCK + r]));
    const text = (key: FieldKey): string | null => {
      const col = columns[fieldIndex(key)];
      const v = col < 0 ? null : parseCell(key, row[col]);
      return v && v.status === "ok" ? String(v.value) : null;
    };
    const dealValue = dealValueAt(plan, b, r);
    const score = b.score[r];
    return {
      subject: { id: text("id"), name: text("name"), customer: text("customer"), dealValue },
      verdict: VERDICTS[b.verdict[r]],
      score,
      grade: gradeOf(model, score),
      risk: { total: b.risk[r], components },
      effort: {
        total: b.effort[r],
        parts: {
          rfpResponse: round1(b.parts[r]),
          solutionDesign: round1(b.parts[BLOCK + r]),
          interactions: round1(b.parts[2 * BLOCK + r]),
          alternatives: round1(b.parts[3 * BLOCK + r]),
        },
        bidCost: b.bidCost[r],
        bidCostPct: bidCostPercent(b.bidCost[r], dealValue),
        assumed: EFFORT_FIELDS.filter((key) => b.st[fieldIndex(key) * BLOCK + r] !== OK),
      },
      drivers,
      knockOuts: knockOutsAt(plan, b, r),
      rationale,
      counterfactual: null,
      changes: [],
      confidence: confidenceAt(b, r),
      nextStep: this.nextStep(b, r),
      closed: null,
      crm: crmEstimate(plan, b, r),
      missing: missingAt(plan, b, r),
      unrecognised: unrecognisedAt(plan, b, r),
      model: { name: model.name, version: model.version },
    };
  }
}

function effortReason(total: number, pct: number | null, bidCost: number): string {
  const cost = pct !== null ? `${pct}% of deal value` : `bid cost ${formatMoney(bidCost)}`;
  return `Bid effort ${total} pd (${cost})`;
}

/**
 * Whether row r waits for data rather than for changes: it needs information, or would be Qualified but for
 * what is missing. Its next step is what to collect, not a counterfactual.
 */
export function needsData(b: Block, r: number): boolean {
  return b.verdict[r] === NEEDS_INFORMATION || (b.verdict[r] === CONDITIONAL && b.unsure[r] === 1);
}

/** Row r's confidence as results show it: the share of the model's weight known, as a whole percentage. */
export function confidenceAt(b: Block, r: number): number {
  return Math.round(b.known[r] * 100);
}

/** Whether none of the effort inputs of row r was read: its bid effort is wholly the model's assumption. */
function effortAssumed(plan: ModelPlan, b: Block, r: number): boolean {
  for (let j = 0; j < plan.effortAt.length; j++) if (b.st[plan.effortAt[j] * BLOCK + r] === OK) return false;
  return true;
}

/** The fields the model requires before deciding that row r lacks. */
function requiredMissingAt(plan: ModelPlan, b: Block, r: number): FieldKey[] {
  const out: FieldKey[] = [];
  for (const i of plan.information.required) if (b.st[i * BLOCK + r] !== OK) out.push(plan.fields[i].key);
  return out;
}

/** The CRM's own probability and forecast category of row r, as its cells say them. */
function crmEstimate(plan: ModelPlan, b: Block, r: number): Assessment["crm"] {
  const { probability, forecast } = crmViewAt(plan, b, r);
  const labels = plan.fields[plan.at.forecastCategory].spec.levels ?? [];
  return { probability, forecast: labels.find((l) => l.key === forecast)?.label ?? null };
}

/** The deal value of row r when it is known, else null. */
export function dealValueAt(plan: ModelPlan, b: Block, r: number): number | null {
  const a = plan.at.dealValue * BLOCK + r;
  return b.st[a] === OK ? b.num[a] : null;
}

const NO_WORDS: readonly string[] = Object.freeze([]);
const NO_UNRECOGNISED: readonly { field: FieldKey; raw: string }[] = Object.freeze([]);

/** The knock-out rules row r trips, in the model's order. */
export function knockOutsAt(plan: ModelPlan, b: Block, r: number): { rule: string; reason: string }[] {
  if (b.knocked[r] === 0) return [];
  const out: { rule: string; reason: string }[] = [];
  plan.knockOuts.forEach((k, i) => {
    if (b.knocks[i * BLOCK + r] === 1) out.push({ rule: k.rule, reason: k.reason });
  });
  return out;
}

/** A roadmap date is only asked for when the solution is not available today. */
function roadmapMatters(plan: ModelPlan, b: Block, r: number): boolean {
  const a = plan.at.solutionAvailability * BLOCK + r;
  if (b.st[a] !== OK) return true;
  const level = plan.fields[plan.at.solutionAvailability].levelKeys[b.lvl[a]];
  return level === "onRoadmap" || level === "notAvailable";
}

/** Any number: reasonIsDated asks only whether a value is a number or "on roadmap". */
const OK_NUMBER: FieldValue = { status: "ok", value: 0, raw: 0 };

const NO_FIELDS: FieldKey[] = Object.freeze([]) as unknown as FieldKey[];

/**
 * Row r's gaps among the fields that change the verdict, in one pass: the missing ones as bits of their FIELDS
 * index, and UNREADABLE set when one could not be read.
 */
function gapsAt(plan: ModelPlan, b: Block, r: number): number {
  let gaps = 0;
  for (let i = 0; i < F; i++) {
    const status = b.st[i * BLOCK + r];
    if (status === OK || !plan.fields[i].explained) continue;
    if (i === plan.at.roadmapDate && !roadmapMatters(plan, b, r)) continue;
    gaps |= status === MISSING ? 1 << i : UNREADABLE;
  }
  return gaps;
}

const UNREADABLE = 1 << 30; // above every field's bit (FIELDS has fewer than 30)

function missingFromMask(plan: ModelPlan, mask: number): FieldKey[] {
  const out: FieldKey[] = [];
  for (let i = 0; i < F; i++) if (mask & (1 << i)) out.push(plan.fields[i].key);
  return out;
}

/** The fields that change the verdict and were missing for row r, in catalogue order. */
function missingAt(plan: ModelPlan, b: Block, r: number): FieldKey[] {
  return missingFromMask(plan, gapsAt(plan, b, r) & ~UNREADABLE);
}

/** The values of row r that could not be read, as typed (shortened). */
function unrecognisedAt(plan: ModelPlan, b: Block, r: number): { field: FieldKey; raw: string }[] {
  const out: { field: FieldKey; raw: string }[] = [];
  for (let i = 0; i < F; i++) {
    const f = plan.fields[i];
    if (!f.explained || b.st[i * BLOCK + r] !== UNRECOGNISED) continue;
    if (i === plan.at.roadmapDate && !roadmapMatters(plan, b, r)) continue;
    const v = b.ref[i * BLOCK + r]?.value;
    out.push({ field: f.key, raw: v?.status === "unrecognised" ? v.raw : "" });
  }
  return out;
}
