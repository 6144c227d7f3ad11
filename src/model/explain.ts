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
  type Reason,
} from "./rationale";
import { BASELINE, CONDITIONAL, gradeOf, NEEDS_INFORMATION, shortfalls, VERDICTS } from "./score";
import { goodnessSlots } from "./evaluate";
import type { Assessment, Cell, Driver, FieldKey, FieldValue, RiskComponentKey } from "./types";

const F = FIELDS.length;

/** Scratch for one row's explanation, owned by the caller (the table qualifier). */
export class Explainer {
  readonly points: Float64Array; // unrounded, SCORED_FIELDS order then bid effort
  readonly rounded: Float64Array; // the same, rounded so that they add up to the score
  private readonly remainder: Float64Array;
  private readonly order: Int32Array; // factors by remainder, largest first (ties: the earlier factor first)
  private readonly missingWords = new Map<number, string>(); // "Missing …" by the set of missing fields
  private readonly numberReasons: (Map<number, string> | undefined)[] = []; // by field, for number cells

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
    // The leftover tenths go to the largest remainders, one each: the `left` largest are kept in order as the
    // factors are read (equal remainders keep the factors' order, so ties go to the earlier factor).
    const left = Math.round((b.score[r] - BASELINE) * 10) - floors;
    const order = this.order;
    let kept = 0;
    for (let i = 0; i <= n && left > 0; i++) {
      const x = remainder[i];
      if (!(x >= 0) || (kept === left && !(remainder[order[kept - 1]] < x))) continue;
      let k = kept < left ? kept++ : kept - 1;
      while (k > 0 && remainder[order[k - 1]] < x) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = i;
    }
    for (let k = 0; k < kept; k++) rounded[order[k]] += 1;
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
    const plan = this.plan;
    const comp = plan.components.find((c) => c.key === key);
    if (!comp) return [];
    const slots = (plan.derived.slots ??= goodnessSlots(plan));
    const ranked: { i: number; share: number }[] = [];
    for (let j = 0; j < comp.index.length; j++) {
      const i = comp.index[j];
      if (skip?.has(plan.scored[i].key)) continue;
      const share = comp.w[j] * (1 - b.g[slots[i] + r]);
      if (share > 1e-9) ranked.push({ i, share });
    }
    ranked.sort((x, y) => y.share - x.share || x.i - y.i);
    return ranked.slice(0, 2).map(({ i }) => this.reasonOf(b, r, plan.scored[i], asOf));
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
   * The two strongest reasons for (direction 1) or against (-1), strongest first; ties keep the factors' order.
   * Only drivers worth at least half a point count.
   */
  strongest(b: Block, r: number, direction: 1 | -1, asOf: number): Reason[] {
    const { rounded } = this;
    let first = -1;
    let second = -1;
    for (let i = 0; i < rounded.length; i++) {
      const p = direction * rounded[i];
      if (!(p >= 0.5) || !this.isDriver(i) || this.assumed(b, r, i)) continue;
      if (first < 0 || p > direction * rounded[first]) {
        second = first;
        first = i;
      } else if (second < 0 || p > direction * rounded[second]) second = i;
    }
    if (first < 0) return NO_REASONS;
    const one = { reason: this.reason(b, r, first, asOf), points: rounded[first] };
    return second < 0 ? [one] : [one, { reason: this.reason(b, r, second, asOf), points: rounded[second] }];
  }

  /** The rationale of evaluated row r, after apportion(). */
  rationale(b: Block, r: number, asOf: number): string {
    const plan = this.plan;
    const model = plan.model;
    // Rows with the same gaps share the words for them.
    const mask = missingMaskAt(plan, b, r);
    let missing = this.missingWords.get(mask);
    if (missing === undefined) {
      missing = missingSentence(missingFromMask(plan, mask));
      if (this.missingWords.size < 4096) this.missingWords.set(mask, missing);
    }
    return rationaleOf(
      model,
      {
        verdict: VERDICTS[b.verdict[r]],
        score: b.score[r],
        risk: b.risk[r],
        knockOuts: knockOutsAt(plan, b, r).map((k) => k.reason),
        gaps: shortfalls(
          model.thresholds.qualified,
          b.score[r],
          b.risk[r],
          RISK_COMPONENTS,
          b.components,
          r,
          BLOCK,
        ),
        pros: this.strongest(b, r, 1, asOf),
        cons: this.strongest(b, r, -1, asOf),
        missing: NO_FIELDS,
        unrecognised: unrecognisedAt(plan, b, r),
        confidence: b.known[r],
        minKnown: plan.information.minKnown,
        requiredMissing: requiredMissingAt(plan, b, r),
        inputs: (key) => this.componentInputs(b, r, key, asOf),
        effortAssumed: effortAssumed(plan, b, r),
        unsure: b.unsure[r] === 1 && b.verdict[r] === CONDITIONAL,
        winBelow:
          b.winBlocked[r] === 1
            ? { probability: b.win[r], minimum: model.winModel!.minWinProbability! }
            : undefined,
      },
      missing,
    );
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

const NO_REASONS: Reason[] = Object.freeze([]) as unknown as Reason[];

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

/** The fields that change the verdict and were missing for row r, as bits of their FIELDS index. */
function missingMaskAt(plan: ModelPlan, b: Block, r: number): number {
  let mask = 0;
  for (let i = 0; i < F; i++) {
    if (!plan.fields[i].explained || b.st[i * BLOCK + r] !== MISSING) continue;
    if (i === plan.at.roadmapDate && !roadmapMatters(plan, b, r)) continue;
    mask |= 1 << i;
  }
  return mask;
}

function missingFromMask(plan: ModelPlan, mask: number): FieldKey[] {
  const out: FieldKey[] = [];
  for (let i = 0; i < F; i++) if (mask & (1 << i)) out.push(plan.fields[i].key);
  return out;
}

/** The fields that change the verdict and were missing for row r, in catalogue order. */
function missingAt(plan: ModelPlan, b: Block, r: number): FieldKey[] {
  return missingFromMask(plan, missingMaskAt(plan, b, r));
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
