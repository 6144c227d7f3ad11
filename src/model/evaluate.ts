// The scoring formula, once: for every row of a block, the roadmap discount, the effort to win the sale and its
// bid cost, the score, the risk and its components, the knock-outs and the verdict. Each step is a tight loop
// over the block's columns; each row's sums are taken in one fixed order, so a row scores the same to the last
// bit wherever it sits (a table, a table of one, a counterfactual variant).
import { BLOCK, type Block } from "./block";
import { interpolate } from "./curve";
import { bidCostGoodness, effortDays } from "./effort";
import { FIELDS } from "./fields";
import { round1 } from "./output";
import { OK, type ModelPlan } from "./plan";
import { riskColumns } from "./risk";
import { BASELINE, verdictCode } from "./score";

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
 * also adds up each row's unrounded points (block.pointSum), which only the counterfactual reads.
 */
export function evaluate(
  plan: ModelPlan,
  b: Block,
  count: number,
  asOf: number,
  slots: Int32Array,
  pointSums = true,
): void {
  const B = BLOCK;
  const { st, num, lvl, g } = b;
  const at = plan.at;

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
  score.fill(BASELINE, 0, count);
  for (let i = 0; i < n; i++) {
    const k = coef[i];
    const base = slots[i];
    for (let r = 0; r < count; r++) score[r] += k * (g[base + r] - 0.5);
  }
  for (let r = 0; r < count; r++) score[r] = round1(score[r] + coef[n] * (b.effortG[r] - 0.5));
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

  const { components, risk, verdict } = b;
  const m = plan.components.length;
  for (let r = 0; r < count; r++) {
    let worst = components[r];
    for (let k = 1; k < m; k++) if (components[k * B + r] > worst) worst = components[k * B + r];
    verdict[r] = verdictCode(model, score[r], risk[r], worst, knocked[r] === 1);
  }
}
