// The drivers' points: each factor's points rounded to tenths so that, with the baseline, they add up to the
// rounded score. Checked against the rule itself written the plain way (floor every factor, hand the leftover
// tenths to the largest remainders, ties to the earlier factor), on random goodness and on goodness from a few
// levels, where equal remainders are common.
import { expect } from "chai";
import fc from "fast-check";
import { defaultModel } from "../../src/model";
import { Block, BLOCK } from "../../src/model/block";
import { goodnessSlots } from "../../src/model/evaluate";
import { Explainer } from "../../src/model/explain";
import { round1 } from "../../src/model/output";
import { planFor } from "../../src/model/plan";
import { BASELINE } from "../../src/model/score";

const plan = planFor(defaultModel);
const slots = goodnessSlots(plan);
const n = plan.scored.length;

/** The rounded points by the rule, with a sort. */
function byTheRule(points: number[], score: number): number[] {
  const floors = points.map((p) => Math.floor(p * 10));
  const left = Math.round((score - BASELINE) * 10) - floors.reduce((a, b) => a + b, 0);
  const ranked = points
    .map((p, i) => ({ i, remainder: p * 10 - floors[i] }))
    .filter((x) => x.remainder >= 0)
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let k = 0; k < left && k < ranked.length; k++) floors[ranked[k].i] += 1;
  return floors.map((f) => f / 10);
}

function check(goodness: number[], r: number): void {
  const b = new Block(plan.knockOuts.length);
  const points: number[] = [];
  let score = BASELINE;
  for (let i = 0; i <= n; i++) {
    const g = goodness[i];
    if (i < n) b.g[slots[i] + r] = g;
    else b.effortG[r] = g;
    points.push(plan.coef[i] * (g - 0.5));
    score += points[i];
  }
  b.score[r] = round1(score);
  const ex = new Explainer(plan, new Int32Array(0));
  ex.apportion(b, r, slots);
  expect(Array.from(ex.rounded)).to.deep.equal(byTheRule(points, b.score[r]));
  expect(round1(BASELINE + Array.from(ex.rounded).reduce((a, x) => a + x, 0))).to.equal(b.score[r]);
}

describe("explain: drivers' points", () => {
  it("hand out the leftover tenths to the largest remainders, on any goodness", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n + 1, maxLength: n + 1 }),
        fc.integer({ min: 0, max: BLOCK - 1 }),
        check,
      ),
      { numRuns: 500 },
    );
  });

  it("give ties to the earlier factor when goodness comes from a few levels", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 0.25, 0.3, 0.5, 0.7, 0.75, 1), { minLength: n + 1, maxLength: n + 1 }),
        fc.integer({ min: 0, max: BLOCK - 1 }),
        check,
      ),
      { numRuns: 500 },
    );
  });
});
