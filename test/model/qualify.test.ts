import { expect } from "chai";
import { defaultModel, loadModel } from "../../src/model";
import { GOOD, OPTIONS, opp, assessOpportunity } from "./helpers";

describe("qualification", () => {
  it("qualifies a well-funded, standard, strategic opportunity and says why", () => {
    const a = assessOpportunity(opp(), defaultModel, OPTIONS);
    expect(a.verdict).to.equal("Qualified");
    expect(a.grade).to.be.oneOf(["A", "B"]);
    expect(a.rationale).to.match(/^Qualified/);
    expect(a.rationale).to.include("Financing Secured");
    expect(a.counterfactual).to.equal(null);
    expect(a.model).to.deep.equal({ name: defaultModel.name, version: defaultModel.version });
  });

  it("makes the score exactly the sum of its drivers' points", () => {
    for (const o of [
      opp(),
      opp({ financing: "Unsecured", customization: "Wholly bespoke" }),
      opp({ name: "Nothing known" }, {}),
    ]) {
      const a = assessOpportunity(o, defaultModel, OPTIONS);
      const sum = a.drivers.reduce((s, d) => s + Math.round(d.points * 10), 0) / 10;
      expect(sum).to.equal(a.score);
      for (const d of a.drivers) expect(Math.abs(d.points)).to.be.at.most(d.max + 1e-9);
    }
  });

  it("knocks out an opportunity with no solution and no roadmap date, and says so first", () => {
    const a = assessOpportunity(opp({ solutionAvailability: "Not available" }), defaultModel, OPTIONS);
    expect(a.verdict).to.equal("Not qualified");
    expect(a.knockOuts.map((k) => k.rule)).to.deep.equal(["noSolution"]);
    expect(a.rationale).to.match(
      /^Not qualified: no solution is available and none is scheduled on the roadmap/,
    );
    expect(a.counterfactual).to.match(
      /^No change the team can make would qualify it: even at their best, no solution is available/,
    );
    const dated = assessOpportunity(
      opp({ solutionAvailability: "Not available", roadmapDate: "Q2 2027" }),
      defaultModel,
      OPTIONS,
    );
    expect(dated.knockOuts).to.deep.equal([]);
  });

  it("lets a model switch the knock-out off", () => {
    const model = loadModel({ knockouts: { noSolution: { enabled: false } } }, defaultModel);
    const a = assessOpportunity(opp({ solutionAvailability: "Not available" }), model, OPTIONS);
    expect(a.knockOuts).to.deep.equal([]);
  });

  it("treats missing and unrecognised values conservatively and names them", () => {
    const known = assessOpportunity(opp({ financing: "Partial" }), defaultModel, OPTIONS);
    const missing = assessOpportunity(opp({ financing: null }), defaultModel, OPTIONS);
    const odd = assessOpportunity(opp({ financing: "maybe" }), defaultModel, OPTIONS);
    expect(missing.score).to.be.at.most(known.score);
    expect(odd.score).to.equal(missing.score);
    expect(missing.missing).to.include("financing");
    expect(missing.rationale).to.match(/Missing [^.]*Financing/);
    expect(odd.unrecognised).to.deep.equal([{ field: "financing", raw: "maybe" }]);
    expect(odd.rationale).to.include("Financing 'maybe' not recognised");
  });

  it("explains a conditional verdict by the threshold it missed", () => {
    const a = assessOpportunity(
      opp({ financing: "Unsecured", requirementsClarity: "Low", competition: "High" }),
      defaultModel,
      OPTIONS,
    );
    expect(a.verdict).to.not.equal("Qualified");
    expect(a.rationale).to.match(/(score [\d.]+ is below \d+|risk [\d.]+ is above \d+)/);
    expect(a.rationale).to.include("against:");
  });

  it("finds the smallest set of changes that would qualify it, and they do", () => {
    const cases = [
      opp({ financing: "Unsecured" }),
      opp({ financing: "Unsecured", requirementsClarity: "Low", resources: "Low" }),
      opp({ margin: "-5%", customization: "Wholly bespoke" }),
    ];
    for (const o of cases) {
      const a = assessOpportunity(o, defaultModel, OPTIONS);
      expect(a.verdict).to.not.equal("Qualified");
      expect(a.changes.length, a.counterfactual!).to.be.above(0);
      expect(a.counterfactual).to.match(/^Would qualify if /);
      for (const c of a.changes) expect(a.counterfactual).to.include(c.label);
      // A change's value (a level key, a number on the field's axis) typed into the cell reads back as itself.
      const apply = (changes: typeof a.changes) => ({
        ...o,
        ...Object.fromEntries(changes.map((c) => [c.field, c.value])),
      });
      expect(assessOpportunity(apply(a.changes), defaultModel, OPTIONS).verdict).to.equal("Qualified");
      // Smallest: no proper subset of the proposed changes qualifies on its own.
      for (let drop = 0; drop < a.changes.length && a.changes.length > 1; drop++) {
        const fewer = a.changes.filter((_, i) => i !== drop);
        expect(assessOpportunity(apply(fewer), defaultModel, OPTIONS).verdict).to.not.equal("Qualified");
      }
    }
  });

  it("is deterministic", () => {
    const o = opp({ ...GOOD, margin: "12%" });
    expect(assessOpportunity(o, defaultModel, OPTIONS)).to.deep.equal(
      assessOpportunity(o, defaultModel, OPTIONS),
    );
  });

  it("scores an empty opportunity in the middle band, never as a good one, and asks for its data", () => {
    const a = assessOpportunity(opp({ name: "Nothing known" }, {}), defaultModel, OPTIONS);
    expect(a.verdict).to.equal("Needs information");
    expect(a.confidence).to.equal(0);
    expect(a.score).to.be.below(50);
    expect(a.counterfactual).to.equal(null);
    // What could move the verdict most first: Financing (8 points, and 3/5 of commercial risk), Customization
    // (11 points, 3/12 of delivery risk), …
    expect(a.nextStep).to.equal("Collect: Financing, Customization, Solution Availability and 11 more");
    expect(a.rationale).to.match(/^Needs information: 0% of the model's weight is known, 60% needed\. /);
  });

  it("calls a row with an amount and a close date Needs information, and a knock-out Not qualified", () => {
    const thin = assessOpportunity(
      opp({ dealValue: "$2.5M", responseDue: "2026-12-20" }, {}),
      defaultModel,
      OPTIONS,
    );
    expect(thin.verdict).to.equal("Needs information");
    expect(thin.confidence).to.equal(12); // Deal Value 10 + Response Due 2 of 100
    const knocked = assessOpportunity(
      opp({ dealValue: "$2.5M", solutionAvailability: "Not available" }, {}),
      defaultModel,
      OPTIONS,
    );
    expect(knocked.verdict).to.equal("Not qualified");
    expect(knocked.nextStep).to.equal(knocked.counterfactual);
  });

  it("decides Not qualified on thin data only when no value of the missing fields could lift it", () => {
    // Known: the worst of the heavy factors. Even with every unknown factor at its best it misses Conditional.
    const worst = {
      customization: "Wholly bespoke",
      solutionAvailability: "Capacity constrained",
      financing: "Unsecured",
      strategicImportance: 1,
      dealValue: 1000,
      margin: "1%",
    };
    const a = assessOpportunity(opp(worst, {}), defaultModel, OPTIONS);
    expect(a.confidence).to.equal(59);
    expect(a.verdict).to.equal("Not qualified");
    expect(a.rationale).to.include("whatever the missing data");
    // The same row with the data that could have lifted it known: still not qualified, now on full data.
    const full = assessOpportunity(
      opp(
        { ...worst, customerImportance: "Strategic", widerApplication: 5, commitment: 60, competition: 0 },
        {},
      ),
      defaultModel,
      OPTIONS,
    );
    expect(full.verdict).to.equal("Not qualified");
  });
});
