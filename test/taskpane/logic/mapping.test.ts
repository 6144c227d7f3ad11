// The mapping the pane uses: detection, overridden by what the user chose, robust to columns that moved or went.
import { expect } from "chai";
import { matchHeaders } from "../../../src/model";
import { chooseColumn, columnChoices, resolveMapping } from "../../../src/taskpane/logic/mapping";

const headers = ["Deal", "TCV", "Account", "Funding", "Verdict", "Notes"];

describe("taskpane/logic/mapping", () => {
  it("uses the engine's detection when nothing is remembered", () => {
    const m = resolveMapping(headers, null);
    const detected = matchHeaders(headers).columns;
    expect(m.engine.columns).to.deep.equal(detected);
    expect(m.fields.find((f) => f.field === "financing")).to.deep.equal({
      field: "financing",
      column: 3,
      source: "detected",
    });
    expect(m.engine.unmatched).to.include("Notes");
  });

  it("applies remembered choices by header text, wherever the column now is", () => {
    const stored = { customer: "Notes", financing: null };
    const m = resolveMapping(["Notes", ...headers.slice(0, 5)], stored);
    expect(m.fields.find((f) => f.field === "customer")).to.deep.equal({
      field: "customer",
      column: 0,
      source: "chosen",
    });
    expect(m.fields.find((f) => f.field === "financing")).to.deep.equal({
      field: "financing",
      column: null,
      source: "chosen",
    });
    expect(m.engine.columns.financing).to.equal(undefined);
  });

  it("says a won column stands without a closed one as the user has the columns now", () => {
    const wonOnly = [{ code: "mapping.wonOnly", params: { header: "IsWon" } }];
    const sfdc = ["Opportunity", "Amount", "IsWon", "Phase"];
    expect(resolveMapping(sfdc, null).engine.problems).to.deep.equal(wonOnly);
    // The user maps Phase as the stage: the deals not won are no longer all open.
    expect(resolveMapping(sfdc, { stage: "Phase" }).engine.problems).to.equal(undefined);
    // … or takes away the detected Stage column: now they are.
    const crm = ["Opportunity", "IsWon", "Stage"];
    expect(resolveMapping(crm, null).engine.problems).to.equal(undefined);
    expect(resolveMapping(crm, { stage: null }).engine.problems).to.deep.equal(wonOnly);
  });

  it("falls back to detection and reports a remembered header that is gone", () => {
    const m = resolveMapping(headers, { dealValue: "Amount (old)" });
    expect(m.stale).to.deep.equal(["dealValue"]);
    expect(m.fields.find((f) => f.field === "dealValue")!.source).to.equal("detected");
  });

  it("never offers or reads the add-in's output columns as inputs", () => {
    const outputs = new Set([4]);
    expect(columnChoices(headers, outputs).map((c) => c.label)).to.not.include("Verdict");
    const m = resolveMapping(headers, { name: "Verdict" }, outputs);
    expect(m.engine.columns.name).to.not.equal(4);
  });

  it("remembers a choice as the header text", () => {
    expect(chooseColumn(headers, { margin: null }, "customer", 5)).to.deep.equal({
      margin: null,
      customer: "Notes",
    });
    expect(chooseColumn(headers, null, "customer", null)).to.deep.equal({ customer: null });
  });
});
