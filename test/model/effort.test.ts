import { expect } from "chai";
import { defaultModel } from "../../src/model";
import { OPTIONS, opp, assessOpportunity } from "./helpers";

const e = defaultModel.effort;

describe("effort", () => {
  it("adds up the RFP response, solution design, interactions and alternatives from the model's parameters", () => {
    const a = assessOpportunity(
      opp({
        customization: "Configured",
        rfp: "Yes",
        rfpQuestions: 80,
        developmentSize: 100,
        interactions: 4,
        alternatives: 2,
      }),
      defaultModel,
      OPTIONS,
    );
    const p = a.effort.parts;
    expect(p.rfpResponse).to.be.closeTo(
      e.rfpBaseDays + (80 * e.hoursPerRfpQuestion.configured) / e.hoursPerDay,
      0.05,
    );
    expect(p.solutionDesign).to.be.closeTo(e.designDays.configured + 100 * e.designShareOfDevelopment, 0.05);
    expect(p.interactions).to.be.closeTo(4 * e.daysPerInteraction, 0.05);
    expect(p.alternatives).to.be.closeTo(2 * e.daysPerAlternative, 0.05);
    expect(a.effort.total).to.be.closeTo(
      p.rfpResponse + p.solutionDesign + p.interactions + p.alternatives,
      0.2,
    );
    expect(a.effort.bidCost).to.equal(Math.round(a.effort.total * e.dayRate));
    expect(a.effort.bidCostPct).to.be.closeTo((100 * a.effort.bidCost) / 1_200_000, 0.01);
  });

  it("costs bespoke RFP answers more than standard ones", () => {
    const std = assessOpportunity(
      opp({ customization: "Standard", rfpQuestions: 200 }),
      defaultModel,
      OPTIONS,
    ).effort;
    const bespoke = assessOpportunity(
      opp({ customization: "Wholly bespoke", rfpQuestions: 200 }),
      defaultModel,
      OPTIONS,
    ).effort;
    expect(bespoke.parts.rfpResponse).to.be.above(std.parts.rfpResponse);
    expect(bespoke.parts.solutionDesign).to.be.above(std.parts.solutionDesign);
  });

  it("assumes the model's defaults for missing inputs and says which", () => {
    const a = assessOpportunity(opp({ interactions: null, customization: "" }), defaultModel, OPTIONS);
    expect(a.effort.assumed).to.include.members(["interactions", "customization"]);
    expect(a.effort.parts.interactions).to.equal(e.defaults.interactions * e.daysPerInteraction);
  });

  it("has no bid-cost percentage when the deal value is unknown", () => {
    expect(assessOpportunity(opp({ dealValue: null }), defaultModel, OPTIONS).effort.bidCostPct).to.equal(
      null,
    );
  });
});
