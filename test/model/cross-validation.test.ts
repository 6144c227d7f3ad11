import { expect } from "chai";
import { outOfFold, stratifiedFolds } from "../../src/model/cross-validation";

const won = Array.from({ length: 103 }, (_, i) => (i % 3 === 0 ? 1 : 0)); // 35 won, 68 lost

describe("cross-validation", () => {
  it("deals won and lost rows evenly into k folds", () => {
    const fold = stratifiedFolds(won, 5, 1);
    for (let f = 0; f < 5; f++) {
      const rows = won.filter((_, i) => fold[i] === f);
      expect(rows.length).to.be.within(20, 21);
      expect(rows.filter((w) => w === 1).length).to.equal(7);
    }
  });

  it("draws the same folds for the same seed and other folds for another", () => {
    expect(Array.from(stratifiedFolds(won, 5, 42))).to.deep.equal(Array.from(stratifiedFolds(won, 5, 42)));
    expect(Array.from(stratifiedFolds(won, 5, 42))).to.not.deep.equal(
      Array.from(stratifiedFolds(won, 5, 43)),
    );
  });

  it("predicts each row by a fit that never saw it", () => {
    const fold = stratifiedFolds(won, 4, 3);
    const p = outOfFold(won.length, fold, 4, (train) => {
      const seen = new Set(train);
      return (row) => (seen.has(row) ? -1 : fold[row]);
    });
    p.forEach((v, i) => expect(v).to.equal(fold[i]));
  });
});
