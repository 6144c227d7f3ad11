import { expect } from "chai";
import { defaultModel } from "../../src/model";
import { OPTIONS, opp, assessOpportunity } from "./helpers";

describe("risk", () => {
  it("has the four components and a total between 0 and 100", () => {
    const r = assessOpportunity(opp(), defaultModel, OPTIONS).risk;
    expect(Object.keys(r.components)).to.deep.equal(["delivery", "commercial", "customer", "competitive"]);
    for (const v of [r.total, ...Object.values(r.components)]) expect(v).to.be.within(0, 100);
  });

  it("rises in the component that a change belongs to", () => {
    const base = assessOpportunity(opp(), defaultModel, OPTIONS).risk;
    const bespoke = assessOpportunity(opp({ customization: "Wholly bespoke" }), defaultModel, OPTIONS).risk;
    expect(bespoke.components.delivery).to.be.above(base.components.delivery);
    expect(bespoke.components.commercial).to.equal(base.components.commercial);
    const unfunded = assessOpportunity(opp({ financing: "Unsecured" }), defaultModel, OPTIONS).risk;
    expect(unfunded.components.commercial).to.be.above(base.components.commercial);
    const crowded = assessOpportunity(opp({ competition: 6 }), defaultModel, OPTIONS).risk;
    expect(crowded.components.competitive).to.be.above(base.components.competitive);
    expect(crowded.total).to.be.above(base.total);
  });

  it("counts a distant roadmap date as riskier than a near one", () => {
    const near = assessOpportunity(
      opp({ solutionAvailability: "On roadmap", roadmapDate: OPTIONS.asOf + 60 }),
      defaultModel,
      OPTIONS,
    );
    const far = assessOpportunity(
      opp({ solutionAvailability: "On roadmap", roadmapDate: OPTIONS.asOf + 600 }),
      defaultModel,
      OPTIONS,
    );
    const undated = assessOpportunity(opp({ solutionAvailability: "On roadmap" }), defaultModel, OPTIONS);
    expect(far.risk.components.delivery).to.be.above(near.risk.components.delivery);
    expect(undated.risk.components.delivery).to.be.above(near.risk.components.delivery);
    expect(near.drivers.find((d) => d.factor === "solutionAvailability")!.reason).to.include("On roadmap (");
  });
});
