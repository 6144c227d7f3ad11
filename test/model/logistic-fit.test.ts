// The fit behind the learned win probability, against reference fits computed independently (scipy's L-BFGS-B
// on the same objective: scripts/learn-reference.py wrote test/model/logistic-reference.ts), and its bounds.
import { expect } from "chai";
import { fitLogistic, levelCoefficients, rowLogit, type CategoricalRows } from "../../src/model/logistic-fit";
import { parametrise } from "../../src/model/parametrise";
import { REFERENCE } from "./logistic-reference";

const fields = REFERENCE.fields.map(([named, ordered]) => ({ count: named + 1, ordered }));
const data: CategoricalRows = {
  n: REFERENCE.y.length,
  fields: fields.length,
  codes: Int32Array.from(REFERENCE.codes),
  y: Uint8Array.from(REFERENCE.y),
};

describe("logistic fit", () => {
  for (const ref of REFERENCE.cases) {
    it(`matches the reference fit to 1e-4 (lambda ${ref.lambda}, ${ref.constrained ? "constrained" : "free"})`, () => {
      const par = parametrise(fields, ref.constrained);
      const fit = fitLogistic(data, par, { lambda: ref.lambda });
      expect(fit.converged).to.equal(true);
      expect(fit.theta.length).to.equal(ref.theta.length);
      fit.theta.forEach((t, j) => expect(t, `parameter ${j}`).to.be.closeTo(ref.theta[j], 1e-4));
      // Never worse than the reference's objective (it is the minimum, so equal to rounding).
      expect(fit.objective).to.be.at.most(ref.objective + 1e-7);
    });
  }

  it("keeps an ordered field's level coefficients from best to worst even where the data say otherwise", () => {
    const par = parametrise(fields, true);
    const fit = fitLogistic(data, par, { lambda: 0.1 });
    // Field 0 (levels 0-3 best to worst) and field 2 (levels 9-11) are ordered; field 1 is free.
    for (const [from, to] of [
      [0, 3],
      [9, 11],
    ]) {
      for (let l = from; l < to; l++) expect(fit.coef[l]).to.be.at.least(fit.coef[l + 1]);
    }
    // The free fit on the same rows puts field 2's worst level above its best: the constraint did bind.
    const free = fitLogistic(data, parametrise(fields, false), { lambda: 0.1 });
    expect(free.coef[11]).to.be.greaterThan(free.coef[9]);
    expect(fit.coef[9]).to.equal(fit.coef[11]);
  });

  it("gives the same parameters to the bit for the same rows", () => {
    const par = parametrise(fields, true);
    const a = fitLogistic(data, par, { lambda: 1 });
    const b = fitLogistic(data, par, { lambda: 1 });
    expect(Array.from(a.theta)).to.deep.equal(Array.from(b.theta));
  });

  it("fits only the rows it is given", () => {
    const par = parametrise(fields, false);
    const rows = Int32Array.from({ length: 80 }, (_, i) => i * 2);
    const half: CategoricalRows = {
      n: 80,
      fields: data.fields,
      codes: Int32Array.from(
        { length: 80 * data.fields },
        (_, k) => data.codes[rows[Math.floor(k / 3)] * 3 + (k % 3)],
      ),
      y: Uint8Array.from(rows, (i) => data.y[i]),
    };
    const a = fitLogistic(data, par, { lambda: 1, rows });
    const b = fitLogistic(half, par, { lambda: 1 });
    a.theta.forEach((t, j) => expect(t).to.be.closeTo(b.theta[j], 1e-9));
  });

  it("weights a row like repeating it", () => {
    const par = parametrise(fields, true);
    const twice: CategoricalRows = {
      n: data.n * 2,
      fields: data.fields,
      codes: Int32Array.from([...data.codes, ...data.codes]),
      y: Uint8Array.from([...data.y, ...data.y]),
    };
    const weighted = { ...data, weight: new Float64Array(data.n).fill(2) };
    const a = fitLogistic(twice, par, { lambda: 1 });
    const b = fitLogistic(weighted, par, { lambda: 1 });
    a.theta.forEach((t, j) => expect(t).to.be.closeTo(b.theta[j], 1e-8));
  });

  it("solves a one-level problem exactly: the intercept is the log-odds of the win rate (no penalty on it)", () => {
    const one: CategoricalRows = {
      n: 10,
      fields: 1,
      codes: new Int32Array(10).fill(1),
      y: Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]),
    };
    // Field of one named level and missing; every row missing, whose coefficient is penalised: huge lambda pins it.
    const fit = fitLogistic(one, parametrise([{ count: 2, ordered: false }]), { lambda: 1e12 });
    expect(fit.intercept).to.be.closeTo(Math.log(3 / 7), 1e-9);
    expect(rowLogit(one, 0, fit.intercept, fit.coef)).to.be.closeTo(Math.log(3 / 7), 1e-9);
    expect(
      Array.from(levelCoefficients(parametrise([{ count: 2, ordered: false }]), fit.theta)),
    ).to.deep.equal(Array.from(fit.coef));
  });
});
