// The table service: every shell's one way into the engine. Rows in, result columns and problems out.
import { expect } from "chai";
import {
  defaultModel,
  describeProblem,
  matchHeaders,
  qualifyTable,
  summarise,
  tableQualifier,
} from "../../src/model";
import { OPTIONS } from "./helpers";

const headers = ["Opportunity", "Deal Value", "Financing", "Customization", "Notes", "Verdict"];
const rows = [
  ["Core refresh", "$1.2M", "Secured", "Standard", "", ""],
  [null, "", "  ", null, "call back in May", "Qualified"], // only a note and an old output: not an opportunity
  ["Bespoke BSS", "€300k", "Unsecured", "Wholly bespoke", "", ""],
  ["Pilot", null, "Partial", "Configured", null, null],
];
const options = { model: defaultModel, asOf: OPTIONS.asOf };

describe("the table service", () => {
  it("qualifies every opportunity row, as far as asked, and gives empty rows no result", () => {
    const expected = [
      ["Conditional", 54.1, "C", 48.1, 5.5],
      null,
      ["Not qualified", 29.5, "D", 73.1, 19.5],
      ["Not qualified", 39.8, "D", 57.6, 7.5],
    ];
    for (const detail of ["scores", "rationale", "assessments"] as const) {
      const { results, problems } = qualifyTable({ headers, rows }, { ...options, detail });
      expect(problems).to.deep.equal([]);
      const numbers = expected.map((_, i) =>
        results.verdict[i] === null
          ? null
          : [results.verdict[i], results.score[i], results.grade[i], results.risk[i], results.effort[i]],
      );
      expect(numbers, detail).to.deep.equal(expected);
      expect(results.rationale === null, detail).to.equal(detail === "scores");
      expect(results.assessments === null, detail).to.equal(detail !== "assessments");
    }
    const { results } = qualifyTable(
      { headers, rows },
      { ...options, detail: "assessments", counterfactual: true },
    );
    expect(results.rationale![0]).to.equal(
      "Conditional: score 54.1 is below 62 and risk 48.1 is above 40; for: Customization Standard (+5.2), " +
        "Financing Secured (+3.8); against: Solution Availability missing (−1.7), Requirements Clarity missing " +
        "(−1.3). Missing Margin %, Customer Importance, Strategic Importance and 14 more.",
    );
    expect(results.assessments![0]!.rationale).to.equal(results.rationale![0]);
    expect(results.assessments![1]).to.equal(null);
    expect(results.counterfactual![0]).to.match(/^(Would qualify|No change)/);
    expect(results.counterfactual![1]).to.equal(null);
    expect([...results.dealValue].slice(0, 3)).to.deep.equal([1_200_000, NaN, 300_000]);
  });

  it("reports a table with no opportunity field as a problem listing the headers it saw", () => {
    const { problems, results } = qualifyTable(
      { headers: ["Foo", "Bar", null, "Baz"], rows: [[1, 2, 3, 4]] },
      options,
    );
    expect(problems).to.deep.equal([
      { code: "table.noFields", params: { headers: ["Foo", "Bar", "", "Baz"] } },
    ]);
    expect(describeProblem(problems[0])).to.equal("No opportunity fields found in: Foo, Bar, Baz");
    expect(results.verdict).to.deep.equal([null]);
  });

  it("uses a column mapping the user chose instead of the detected one", () => {
    const detected = matchHeaders(headers);
    const mapping = { ...detected, columns: { ...detected.columns, financing: 4 } }; // Financing from "Notes"
    const { results } = qualifyTable(
      { headers, rows: [rows[0]] },
      { ...options, mapping, detail: "assessments" },
    );
    expect(results.assessments![0]!.unrecognised).to.deep.equal([]);
    expect(results.assessments![0]!.missing).to.include("financing");
  });

  it("qualifies a long table chunk by chunk with one qualifier, as in one call", () => {
    const long = Array.from({ length: 700 }, (_, i) => rows[i % rows.length]);
    const q = tableQualifier(headers, { ...options, detail: "rationale" });
    const chunks = [q.rows(long.slice(0, 300)), q.rows(long.slice(300))];
    const whole = qualifyTable({ headers, rows: long }, { ...options, detail: "rationale" }).results;
    expect([...chunks[0].rationale!, ...chunks[1].rationale!]).to.deep.equal(whole.rationale);
    expect([...chunks[0].score, ...chunks[1].score]).to.deep.equal([...whole.score]);
  });

  it("summarises count and pipeline value per verdict, and lists what needs attention, near misses first", () => {
    const { results } = qualifyTable({ headers, rows }, options);
    const s = summarise(results);
    expect(s.count).to.equal(3);
    expect(s.totals).to.deep.equal([
      { verdict: "Qualified", count: 0, value: 0, unknownValue: 0 },
      { verdict: "Conditional", count: 1, value: 1_200_000, unknownValue: 0 },
      { verdict: "Not qualified", count: 2, value: 300_000, unknownValue: 1 },
    ]);
    expect(s.value).to.equal(1_500_000);
    expect(s.attention).to.deep.equal([
      { index: 0, verdict: "Conditional", score: 54.1 },
      { index: 3, verdict: "Not qualified", score: 39.8 },
      { index: 2, verdict: "Not qualified", score: 29.5 },
    ]);
  });

  it("reads a mapping the caller changed between calls as it is now", () => {
    const mapping = matchHeaders(headers);
    const first = qualifyTable({ headers, rows: [rows[0]] }, { ...options, mapping }).results;
    mapping.columns.financing = 4; // "Notes": Financing now missing
    const second = qualifyTable({ headers, rows: [rows[0]] }, { ...options, mapping }).results;
    expect(second.score[0]).to.be.below(first.score[0]);
  });
});
