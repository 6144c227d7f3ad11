import { expect } from "chai";
import { levelCoefficients } from "../../src/model/logistic-fit";
import { parametrise } from "../../src/model/parametrise";

describe("parametrise", () => {
  it("makes an ordered field's levels sums of non-negative increments from the worst level", () => {
    const par = parametrise([{ count: 4, ordered: true }]); // 3 named levels + missing
    expect(par.params).to.equal(4); // intercept, two increments, missing
    expect(Array.from(par.lower)).to.deep.equal([-Infinity, 0, 0, -Infinity]);
    const c = levelCoefficients(par, Float64Array.of(9, 0.5, 0.25, -1));
    expect(Array.from(c)).to.deep.equal([0.75, 0.25, 0, -1]);
  });

  it("gives a free field, or any field without constraints, one unbounded parameter per level", () => {
    for (const par of [
      parametrise([{ count: 4, ordered: false }]),
      parametrise([{ count: 4, ordered: true }], false),
    ]) {
      expect(par.params).to.equal(5);
      expect(Array.from(par.lower).every((b) => b === -Infinity)).to.equal(true);
      expect(Array.from(par.penalised)).to.deep.equal([0, 1, 1, 1, 1]);
    }
  });
});
