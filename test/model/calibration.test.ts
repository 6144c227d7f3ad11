import { expect } from "chai";
import { brier, calibrationTable } from "../../src/model/calibration";

describe("calibration", () => {
  it("scores a coin-toss guess 0.25 and a sure, right guess 0", () => {
    expect(brier([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).to.equal(0.25);
    expect(brier([1, 0], [1, 0])).to.equal(0);
    expect(brier([0.8, 0.3], [1, 0])).to.be.closeTo((0.04 + 0.09) / 2, 1e-15);
  });

  it("cuts rows into tenths by predicted probability, with mean predicted and observed rates", () => {
    const p = Array.from({ length: 20 }, (_, i) => (i + 0.5) / 20);
    const won = p.map((_, i) => (i % 2 === 1 ? 1 : 0));
    const table = calibrationTable(p, won, 10);
    expect(table).to.have.length(10);
    expect(table[0]).to.deep.equal({ rows: 2, predicted: 0.05, observed: 0.5, from: 0.025, to: 0.075 });
    expect(table.map((b) => b.rows).reduce((a, b) => a + b)).to.equal(20);
  });

  it("gives fewer bins than asked when there are fewer rows", () => {
    expect(calibrationTable([0.2, 0.7, 0.9], [0, 1, 1], 10).map((b) => b.rows)).to.deep.equal([1, 1, 1]);
  });
});
