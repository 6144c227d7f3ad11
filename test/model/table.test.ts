import { expect } from "chai";
import {
  assessTable,
  defaultModel,
  matchHeaders,
  NoFieldsError,
  scoreTable,
  summarise,
} from "../../src/model";
import { OPTIONS } from "./helpers";

const headers = ["Opportunity", "Deal Value", "Financing", "Customization", "Notes", "Verdict"];
const rows = [
  ["Core refresh", "$1.2M", "Secured", "Standard", "", ""],
  [null, "", "  ", null, "call back in May", "Qualified"], // only a note and an old output: not an opportunity
  ["Bespoke BSS", "€300k", "Unsecured", "Wholly bespoke", "", ""],
  ["Pilot", null, "Partial", "Configured", null, null],
];

describe("tables", () => {
  it("assesses every opportunity row and gives empty rows no result", () => {
    const expected = [
      ["Conditional", 54.8, "C", 48.1, 5.5],
      null,
      ["Not qualified", 29, "D", 73.1, 19.5],
      ["Not qualified", 39.8, "D", 57.6, 7.5],
    ];
    const { results } = assessTable({ headers, rows }, defaultModel, OPTIONS);
    const numbers = results.map((a) => a && [a.verdict, a.score, a.grade, a.risk.total, a.effort.total]);
    expect(numbers).to.deep.equal(expected);
    expect(results[0]!.rationale).to.equal(
      "Conditional: score 54.8 is below 62 and risk 48.1 is above 40; for: Customization Standard (+5.5), " +
        "Financing Secured (+4); against: Solution Availability missing (−1.8), Requirements Clarity missing " +
        "(−1.4). Missing Margin %, Customer Importance, Strategic Importance and 13 more.",
    );
    const fast = scoreTable({ headers, rows }, defaultModel, OPTIONS).results;
    expect(fast.map((s) => s && [s.verdict, s.score, s.grade, s.risk, s.effort])).to.deep.equal(expected);
  });

  it("refuses a table with no opportunity field, listing the headers it saw", () => {
    expect(() =>
      assessTable({ headers: ["Foo", "Bar", null, "Baz"], rows: [[1, 2, 3, 4]] }, defaultModel, OPTIONS),
    )
      .to.throw(NoFieldsError)
      .with.property("message", "No opportunity fields found in: Foo, Bar, Baz");
  });

  it("uses a column mapping the user chose instead of the detected one", () => {
    const detected = matchHeaders(headers);
    const chosen = { ...detected, columns: { ...detected.columns, financing: 4 } }; // read Financing from "Notes"
    const a = assessTable({ headers, rows: [rows[0]] }, defaultModel, OPTIONS, chosen).results[0]!;
    expect(a.unrecognised).to.deep.equal([]);
    expect(a.missing).to.include("financing");
  });

  it("summarises count and pipeline value per verdict, and lists what needs attention, worst first", () => {
    const { results } = assessTable({ headers, rows }, defaultModel, OPTIONS);
    const s = summarise(results);
    expect(s.count).to.equal(3);
    for (const t of s.totals) {
      const mine = results.filter((a) => a?.verdict === t.verdict);
      expect(t.count).to.equal(mine.length);
      expect(t.value).to.equal(mine.reduce((v, a) => v + (a!.subject.dealValue ?? 0), 0));
      expect(t.unknownValue).to.equal(mine.filter((a) => a!.subject.dealValue === null).length);
    }
    for (const x of s.attention)
      expect(results[x.index]).to.equal(x.assessment).and.to.not.have.property("verdict", "Qualified");
    expect(s.attention).to.have.length(results.filter((a) => a && a.verdict !== "Qualified").length);
    const ranks = s.attention.map((x) =>
      ["Qualified", "Conditional", "Not qualified"].indexOf(x.assessment.verdict),
    );
    expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b)); // conditional (near misses) first
  });
});
