import { expect } from "chai";
import { solveSpd } from "../../src/model/cholesky";

describe("cholesky", () => {
  it("solves a symmetric positive definite system", () => {
    // A = [[4,2,0],[2,5,1],[0,1,3]], x = [1,-2,3] → b = A x = [0,-5,7]
    const x = solveSpd(Float64Array.of(4, 2, 0, 2, 5, 1, 0, 1, 3), Float64Array.of(0, -5, 7), 3);
    [1, -2, 3].forEach((v, i) => expect(x[i]).to.be.closeTo(v, 1e-12));
  });

  it("still gives finite numbers for a singular matrix (a small ridge is added)", () => {
    const x = solveSpd(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2);
    expect(Number.isFinite(x[0]) && Number.isFinite(x[1])).to.equal(true);
    expect(x[0] + x[1]).to.be.closeTo(1, 1e-6);
  });
});
