// Where the output columns go: appended once, reused later, and a user's same-named column flagged, never taken.
import { expect } from "chai";
import { OUTPUT_COLUMNS, WIN_COLUMNS, type Cell } from "../../src/model";
import { checkWriteRequest, outputBlock, outputIndexes, planOutputColumns } from "../../src/port/plan";
import { TableChangedError, type OutputColumnPlan, type WriteRequest } from "../../src/port/workbook";

describe("port/plan", () => {
  it("appends all eight columns to the right of a table that has none", () => {
    const plan = planOutputColumns(["Opportunity", "Deal Value"], []);
    expect(plan.columns.map((c) => [c.header, c.column, c.origin])).to.deep.equal(
      OUTPUT_COLUMNS.map((h, i) => [h, 2 + i, "new"]),
    );
    expect(plan.clashes).to.deep.equal([]);
  });

  it("with a learned model, plans Win % and Expected value after the eight; earlier ones beside its own columns", () => {
    const outputs = [...OUTPUT_COLUMNS, ...WIN_COLUMNS];
    const fresh = planOutputColumns(["Opportunity"], [], outputs);
    expect(fresh.columns.map((c) => [c.header, c.column, c.origin])).to.deep.equal(
      outputs.map((h, i) => [h, 1 + i, "new"]),
    );
    // Scored earlier without the model: the eight stay where they are, the two go to their right.
    const headers: Cell[] = ["Opportunity", ...OUTPUT_COLUMNS];
    const own = OUTPUT_COLUMNS.map((_, i) => 1 + i);
    const later = planOutputColumns(headers, own, outputs);
    expect(later.columns.map((c) => [c.header, c.column, c.origin])).to.deep.equal([
      ...OUTPUT_COLUMNS.map((h, i) => [h, 1 + i, "own"]),
      ["Win %", 9, "new"],
      ["Expected value", 10, "new"],
    ]);
    expect(outputBlock(later.columns)).to.deep.equal({ first: 1, order: outputs.map((_, i) => i) });
  });

  it("a user's own Win column is not taken for Win %: only the header's own text names a win column", () => {
    const plan = planOutputColumns(["Opportunity", "Win", "win %"], [], [...OUTPUT_COLUMNS, ...WIN_COLUMNS]);
    expect(plan.clashes.map((c) => [c.header, c.column])).to.deep.equal([["Win %", 2]]);
    expect(plan.columns.find((c) => c.header === "Expected value")).to.deep.include({ origin: "new" });
  });

  it("without a learned model, keeps an earlier run's win columns in the plan (to blank them), never a user's", () => {
    const headers: Cell[] = ["Opportunity", ...OUTPUT_COLUMNS, "Win %", "Expected value"];
    const mine = planOutputColumns(headers, headers.map((_, i) => i).slice(1));
    expect(mine.columns.slice(8).map((c) => [c.header, c.column, c.origin])).to.deep.equal([
      ["Win %", 9, "own"],
      ["Expected value", 10, "own"],
    ]);
    const users = planOutputColumns(
      headers,
      OUTPUT_COLUMNS.map((_, i) => 1 + i),
    );
    expect(users.columns.map((c) => c.header)).to.deep.equal([...OUTPUT_COLUMNS]);
    expect(users.clashes).to.deep.equal([]);
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

describe("port/plan: one write precondition for the CLI and both adapters", () => {
  const ref = { kind: "table" as const, name: "Deals", sheet: "Pipeline", address: "A1:F3" };
  const headers = ["Opportunity", "Deal Value", "Verdict", "Score", "Grade", "Risk"];
  const request = (columns: OutputColumnPlan[], expectedHeaders: Cell[] = headers): WriteRequest => ({
    ref,
    expected: { headers: expectedHeaders, rowCount: 2 },
    columns,
    values: [],
    previous: [],
  });
  const plan = planOutputColumns(headers, [2, 3, 4, 5]);

  it("lets a request through that matches the table as it is now", () => {
    expect(() =>
      checkWriteRequest(request(plan.columns), { headers, rowCount: 2, ownColumns: [2, 3, 4, 5] }),
    ).not.to.throw();
    // Headers compare without case or surrounding spaces.
    const shouted = headers.map((h) => ` ${h.toUpperCase()} `);
    expect(() =>
      checkWriteRequest(request(plan.columns, shouted), { headers, rowCount: 2, ownColumns: [2, 3, 4, 5] }),
    ).not.to.throw();
  });

  it("refuses when the table changed, when an own column is not ours, and when a new column lands on data", () => {
    const now = { headers, rowCount: 2, ownColumns: [2, 3, 4, 5] };
    expect(() => checkWriteRequest(request(plan.columns), { ...now, rowCount: 3 })).to.throw(
      TableChangedError,
      /Table Deals on Pipeline changed since it was read/,
    );
    expect(() => checkWriteRequest(request(plan.columns, [...headers.slice(0, 5), "Danger"]), now)).to.throw(
      TableChangedError,
    );
    expect(() => checkWriteRequest(request(plan.columns), { ...now, ownColumns: [2, 4, 5] })).to.throw(
      TableChangedError,
      /Column 4 of Table Deals on Pipeline is not an output column this add-in wrote/,
    );
    const onData = plan.columns.map((c) => (c.origin === "new" ? { ...c, column: 1 } : c));
    expect(() => checkWriteRequest(request(onData), now)).to.throw(TableChangedError, /Column 2 /);
    const user = planOutputColumns(headers, []);
    expect(user.clashes.map((c) => c.header)).to.deep.equal(["Verdict", "Score", "Grade", "Risk"]);
    expect(() => checkWriteRequest(request(user.columns), { ...now, ownColumns: [] })).not.to.throw();
  });

  it("places a plan as one block in table order, or names the column that stands apart", () => {
    expect(outputBlock(planOutputColumns(["A", "B"], []).columns)).to.deep.equal({
      first: 2,
      order: [0, 1, 2, 3, 4, 5, 6, 7],
    });
    const moved = planOutputColumns(
      ["Score", "Verdict", "Grade", "Risk", "Effort", "Rationale"],
      [0, 1, 2, 3, 4, 5],
    );
    // Confidence and Next step, new since that run, join the block on its right.
    expect(outputBlock(moved.columns)).to.deep.equal({ first: 0, order: [1, 0, 2, 3, 4, 6, 5, 7] });
    const apart = planOutputColumns(["Verdict", "x", "Score"], [0, 2]);
    expect(outputBlock(apart.columns)).to.deep.equal({ apart: 2 });
  });
});
