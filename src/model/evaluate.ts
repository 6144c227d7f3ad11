// The scoring formula, once: for every row of a block, the roadmap discount, the effort to win the sale and its
// bid cost, the score, the risk and its components, the knock-outs and the verdict. Each step is a tight loop
// over the block's columns; each row's sums are taken in one fixed order, so a row scores the same to the last
// bit wherever it sits (a table, a table of one, a counterfactual variant).
import { BLOCK, STAGE_OPEN, type Block } from "./block";
import { interpolate } from "./curve";
import { bidCostGoodness, effortDays } from "./effort";
import { FIELDS } from "./fields";
import { round1 } from "./output";
import { MISSING, OK, type ModelPlan } from "./plan";
import { riskColumns } from "./risk";
import { BASELINE, CONDITIONAL, NEEDS_INFORMATION, QUALIFIED, verdictCode } from "./score";
import { winPlanOf, winProbabilities } from "./win-probability";
import { applyWinRule } from "./win-rule";

const DAYS_PER_MONTH = 365.25 / 12;
const SA_DISCOUNTED = FIELDS.length; // the block's goodness slot for Solution Availability after the discount

/** Where each scored field's goodness sits in a block (Solution Availability: after the roadmap discount). */
export function goodnessSlots(plan: ModelPlan): Int32Array {
  return Int32Array.from(plan.scored, (f) =>
    f.index === plan.at.solutionAvailability ? SA_DISCOUNTED * BLOCK : f.index * BLOCK,
  );
}

/** A roadmap promise is worth less the further away it is, and less again when it has no date. */
function roadmapFactor(plan: ModelPlan, dated: boolean, date: number, asOf: number): number {
  if (!dated) return plan.roadmapUndated;
  return interpolate(plan.roadmap, (date - asOf) / DAYS_PER_MONTH);
}

/**
 * Scores rows [0, count) of the block: everything after reading. `slots` is goodnessSlots(plan); `pointSums`
 * also adds up each row's unrounded points (block.pointSum), which only the counterfactual reads. `verdicts`
 * false stops once the points, risk, knock-outs and win probability are known: no rounded score, verdict or
 * confidence, which the counterfactual's variants of one change never read (it scores many of them).
 */
export function evaluate(
  plan: ModelPlan,
  b: Block,
  count: number,
  asOf: number,
  slots: Int32Array,
  pointSums = true,
  verdicts = true,
): void {
  const B = BLOCK;
  const { st, num, lvl, g } = b;
  const at = plan.at;

  // A closed deal is under no time pressure: its response date is history, read as if missing.
  const due = plan.fields[at.responseDue];
  const rd0 = at.responseDue * B;
  for (let r = 0; r < count; r++)
    if (b.stage[r] !== STAGE_OPEN && st[rd0 + r] === OK) {
      st[rd0 + r] = MISSING;
      g[rd0 + r] = due.missing;
      b.ref[rd0 + r] = due.absent;
    }

  // Solution availability: a promise on the roadmap is discounted by how far away it is, never below the
  // next worse level (a far promise is still no worse than none).
  const sa = at.solutionAvailability * B;
  const rd = at.roadmapDate * B;
  const out = SA_DISCOUNTED * B;
  for (let r = 0; r < count; r++) {
    let x = g[sa + r];
    if (st[sa + r] === OK && lvl[sa + r] === plan.onRoadmap) {
      x *= roadmapFactor(plan, st[rd + r] === OK, num[rd + r], asOf);
      if (x < plan.roadmapFloor) x = plan.roadmapFloor;
    }
    g[out + r] = x;
  }

  // Effort to win the sale, from its inputs; a missing input takes the model's default.
  const model = plan.model;
  const e = model.effort;
  const d = e.defaults;
  // The effort inputs' slices, in EFFORT_FIELDS order: customization, RFP, RFP questions, development size,
  // interactions, alternatives (effortDays' order).
  const [cu, rf, rq, ds, ia, al] = (plan.derived.effortSlots ??= Int32Array.from(
    plan.effortAt,
    (f) => f * B,
  ));
  const dv = at.dealValue * B;
  const parts = b.partScratch;
  for (let r = 0; r < count; r++) {
    const total = effortDays(
      e,
      st[cu + r] === OK ? plan.customization[lvl[cu + r]] : plan.defaultCustomization,
      st[rf + r] === OK ? lvl[rf + r] === plan.rfpYes : d.rfp,
      st[rq + r] === OK ? num[rq + r] : d.rfpQuestions,
      st[ds + r] === OK ? num[ds + r] : d.developmentSize,
      st[ia + r] === OK ? num[ia + r] : d.interactions,
      st[al + r] === OK ? num[al + r] : d.alternatives,
      parts,
    );
    b.effort[r] = total;
    for (let k = 0; k < 4; k++) b.parts[k * B + r] = parts[k];
    const bidCost = Math.round(total * e.dayRate);
    b.bidCost[r] = bidCost;
    b.effortG[r] = bidCostGoodness(plan, bidCost, st[dv + r] === OK ? num[dv + r] : null);
  }

  // The score: the baseline plus each factor's points, added in SCORED_FIELDS order then bid effort.
  const { score, pointSum } = b;
  const coef = plan.coef;
  const n = plan.scored.length;
  const scoring = verdicts ? count : 0; // the rounded score is for verdicts; the points are pointSum
  score.fill(BASELINE, 0, scoring);
  for (let i = 0; i < n; i++) {
    const k = coef[i];
    const base = slots[i];
    for (let r = 0; r < scoring; r++) score[r] += k * (g[base + r] - 0.5);
  }
  for (let r = 0; r < scoring; r++) score[r] = round1(score[r] + coef[n] * (b.effortG[r] - 0.5));
  if (pointSums) {
    pointSum.fill(0, 0, count);
    for (let i = 0; i < n; i++) {
      const k = coef[i];
      const base = slots[i];
      for (let r = 0; r < count; r++) pointSum[r] += k * (g[base + r] - 0.5);
    }
    for (let r = 0; r < count; r++) pointSum[r] += coef[n] * (b.effortG[r] - 0.5);
  }

  riskColumns(plan, g, slots, count, b.risk, b.components, B, b.scratch);

  // Knock-outs: a recognised value that trips a rule, unless the field that lifts it is present. An unknown
  // value is penalised by its missing goodness, never knocked out.
  const { knocks, knocked } = b;
  knocked.fill(0, 0, count);
  for (let i = 0; i < plan.knockOuts.length; i++) {
    const k = plan.knockOuts[i];
    const f = k.field * B;
    const u = k.unless * B;
    const row = i * B;
    const { levels, below, above } = k;
    for (let r = 0; r < count; r++) {
      let hit = 0;
      if (st[f + r] === OK && !(u >= 0 && st[u + r] === OK)) {
        if (levels) hit = lvl[f + r] >= 0 ? levels[lvl[f + r]] : 0;
        else if (below === below) hit = num[f + r] < below ? 1 : 0;
        else hit = above === above && num[f + r] > above ? 1 : 0;
      }
      knocks[row + r] = hit;
      knocked[r] |= hit;
    }
  }

  if (!verdicts) {
    const win = winPlanOf(plan);
    if (win !== null) winProbabilities(win, b, count, b.win);
    return;
  }

  const { components, risk, verdict } = b;
  const m = plan.components.length;
  for (let r = 0; r < count; r++) {
    let worst = components[r];
    for (let k = 1; k < m; k++) if (components[k * B + r] > worst) worst = components[k * B + r];
    verdict[r] = verdictCode(model, score[r], risk[r], worst, knocked[r] === 1);
  }

  // Missing data never makes a row Qualified: it is Qualified only if it would be with every unknown factor at
  // its worst, and no knock-out could trip on a field it lacks; else Conditional, until the data is known.
  const { unsure } = b;
  for (let r = 0; r < count; r++) {
    unsure[r] = verdict[r] === QUALIFIED && !surelyQualified(plan, b, r, slots) ? 1 : 0;
    if (unsure[r] === 1) verdict[r] = CONDITIONAL;
  }

  knownShare(plan, b, count);
  const { minKnown, required } = plan.information;
  for (let r = 0; r < count; r++) {
    if (knocked[r] === 1) continue; // a knock-out decides whatever else is missing
    let lacking = b.known[r] < minKnown;
    for (let i = 0; i < required.length && !lacking; i++) lacking = st[required[i] * B + r] !== OK;
    if (lacking && !hopeless(plan, b, r, slots)) verdict[r] = NEEDS_INFORMATION;
  }

  applyWinRule(plan, b, count); // with a learned win model: its probability, and its minimum (win-rule.ts)
}

/**
 * Each row's confidence: the share of the model's weight read from real values. A factor counts when its field
 * was read; bid effort counts when any of its inputs was (else the whole effort is the model's assumption).
 */
function knownShare(plan: ModelPlan, b: Block, count: number): void {
  const { coef, scored } = plan;
  const { st, known } = b;
  const B = BLOCK;
  const n = scored.length;
  known.fill(0, 0, count);
  for (let i = 0; i < n; i++) {
    const k = coef[i];
    if (!(k > 0)) continue;
    const a = scored[i].index * B;
    for (let r = 0; r < count; r++) if (st[a + r] === OK) known[r] += k;
  }
  const e = plan.effortAt;
  for (let r = 0; r < count; r++) {
    let any = false;
    for (let j = 0; j < e.length && !any; j++) any = st[e[j] * B + r] === OK;
    if (any) known[r] += coef[n];
    known[r] = Math.min(1, known[r] / 100);
  }
}

/**
 * Row r with every unknown factor at its best (goodness 1) or its worst (goodness 0): the score, the total risk
 * and the riskiest component it would have. Score and risk are sums over factors, so this is the known part plus
 * the most each unknown factor can add or take away; the bid effort counts as unknown while any of its inputs (or
 * the deal value it is weighed against) is.
 */
function extreme(
  plan: ModelPlan,
  b: Block,
  r: number,
  slots: Int32Array,
  best: boolean,
): { unknown: boolean; score: number; risk: number; worst: number } {
  const B = BLOCK;
  const { coef, scored, components } = plan;
  const { st, g } = b;
  const n = scored.length;
  const to = best ? 1 : 0;
  let unknown = false;
  let score = b.score[r];
  for (let i = 0; i < n; i++)
    if (st[scored[i].index * B + r] !== OK) {
      score += coef[i] * (to - g[slots[i] + r]);
      unknown = true;
    }
  let effortOpen = st[plan.at.dealValue * B + r] !== OK;
  for (let j = 0; j < plan.effortAt.length && !effortOpen; j++)
    effortOpen = st[plan.effortAt[j] * B + r] !== OK;
  if (effortOpen) score += coef[n] * (to - b.effortG[r]);
  let total = 0;
  let worst = 0;
  for (let k = 0; k < components.length; k++) {
    const c = components[k];
    let x = b.components[k * B + r];
    for (let j = 0; j < c.index.length; j++) {
      const i = c.index[j];
      if (c.wsum > 0 && st[scored[i].index * B + r] !== OK)
        x -= (100 * c.w[j] * (to - g[slots[i] + r])) / c.wsum;
    }
    total += c.weight * x;
    if (x > worst) worst = x;
  }
  const risk = plan.componentWeightSum > 0 ? total / plan.componentWeightSum : 0;
  return { unknown: unknown || effortOpen, score, risk, worst };
}

/**
 * Whether row r stays Not qualified whatever its missing values turn out to be: at its best it still falls short
 * of Conditional. A hair of slack keeps the test on the side of asking for the data.
 */
function hopeless(plan: ModelPlan, b: Block, r: number, slots: Int32Array): boolean {
  const { score, risk, worst } = extreme(plan, b, r, slots, true);
  const { conditional } = plan.model.thresholds;
  return (
    score + SLACK < conditional.minScore ||
    risk - SLACK > conditional.maxRisk ||
    worst - SLACK > conditional.maxComponentRisk
  );
}

/**
 * Whether row r, Qualified on the model's assumptions for what it lacks, stays Qualified at its worst and no
 * knock-out reads a field it lacks. A hair of slack keeps rounding on the side of caution.
 */
function surelyQualified(plan: ModelPlan, b: Block, r: number, slots: Int32Array): boolean {
  const B = BLOCK;
  for (const k of plan.knockOuts)
    if (b.st[k.field * B + r] !== OK && !(k.unless >= 0 && b.st[k.unless * B + r] === OK)) return false;
  const { unknown, score, risk, worst } = extreme(plan, b, r, slots, false);
  if (!unknown) return true;
  const { qualified } = plan.model.thresholds;
  return (
    score - SLACK >= qualified.minScore &&
    risk + SLACK <= qualified.maxRisk &&
    worst + SLACK <= qualified.maxComponentRisk
  );
}

const SLACK = 0.1; // rounding to tenths moves a score or a risk by at most 0.05
