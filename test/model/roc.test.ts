import { expect } from "chai";
import { auc, groupedAuc, rocPoints } from "../../src/model/roc";
import { seededRandom } from "../../src/model/random";

/** The definition: over every (won, lost) pair, 1 when won scores higher, ½ on a tie. */
function pairwise(score: number[], won: number[]): number {
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < score.length; i++)
    for (let j = 0; j < score.length; j++)
      if (won[i] && !won[j]) {
        pairs++;
        s += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
      }
  return s / pairs;
}

describe("roc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one and ½ for all ties", () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).to.equal(1);
    expect(auc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).to.equal(0);
    expect(auc([5, 5, 5, 5], [1, 0, 1, 0])).to.equal(0.5);
  });

  it("counts ties half, as the pairwise definition does", () => {
    const random = seededRandom(7);
    for (let t = 0; t < 20; t++) {
      const score = Array.from({ length: 40 }, () => Math.floor(random() * 6));
      const won = Array.from({ length: 40 }, () => (random() < 0.4 ? 1 : 0));
      expect(auc(score, won)).to.be.closeTo(pairwise(score, won), 1e-12);
    }
  });

  it("is NaN when only one outcome is present", () => {
    expect(auc([1, 2], [1, 1])).to.be.NaN;
  });

  it("draws the curve from (0,0) to (1,1), one point per distinct score", () => {
    expect(rocPoints([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).to.deep.equal([
      [0, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });

  it("gives the same AUC from groups' counts as from their rows, equal scores tied", () => {
    const score = [0.2, 0.7, 0.2, 0.5];
    const won = [3, 5, 1, 0];
    const lost = [4, 1, 2, 6];
    const rows: number[] = [];
    const outcome: number[] = [];
    score.forEach((s, g) => {
      for (let i = 0; i < won[g]; i++) (rows.push(s), outcome.push(1));
      for (let i = 0; i < lost[g]; i++) (rows.push(s), outcome.push(0));
    });
    expect(groupedAuc(score, won, lost)).to.be.closeTo(auc(rows, outcome), 1e-15);
  });
});
