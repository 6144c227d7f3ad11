// Where the output columns go: appended once, reused later, and a user's same-named column flagged, never taken.
import { expect } from "chai";
import { OUTPUT_COLUMNS } from "../../../src/model";
import { outputIndexes, planOutputColumns } from "../../../src/taskpane/logic/plan";

describe("taskpane/logic/plan", () => {
  it("appends all six columns to the right of a table that has none", () => {
    const plan = planOutputColumns(["Opportunity", "Deal Value"], []);
    expect(plan.columns.map((c) => [c.header, c.column, c.origin])).to.deep.equal(
      OUTPUT_COLUMNS.map((h, i) => [h, 2 + i, "new"]),
    );
    expect(plan.clashes).to.deep.equal([]);
  });

  it("reuses its own columns wherever the user moved them, and adds only the missing ones", () => {
    const headers = ["Verdict", "Opportunity", "Score", "Deal Value"];
    const plan = planOutputColumns(headers, [0, 2]);
    expect(plan.columns.slice(0, 3).map((c) => [c.header, c.column, c.origin])).to.deep.equal([
      ["Verdict", 0, "own"],
      ["Score", 2, "own"],
      ["Grade", 4, "new"],
    ]);
    expect(outputIndexes(plan)).to.deep.equal(new Set([0, 2]));
  });

  it("flags a user's column with an output name (any case or unit) instead of writing into it silently", () => {
    const plan = planOutputColumns(["Opportunity", "score", "Effort"], []);
    expect(plan.clashes.map((c) => [c.header, c.column, c.title])).to.deep.equal([
      ["Score", 1, "score"],
      ["Effort (pd)", 2, "Effort"],
    ]);
    expect(plan.columns.find((c) => c.header === "Score")!.origin).to.equal("user");
  });
});
