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
    // Three or four fields known: the numbers are worked out, but the verdict waits for more data.
    const expected = [
      ["Needs information", 54.8, "C", 48.1, 5.5, 34],
      null,
      ["Needs information", 29, "D", 73.1, 19.5, 34],
      ["Needs information", 39.8, "D", 57.6, 7.5, 24],
    ];
    for (const detail of ["scores", "rationale", "assessments"] as const) {
      const { results, problems } = qualifyTable({ headers, rows }, { ...options, detail });
      expect(problems).to.deep.equal([]);
      const numbers = expected.map((_, i) =>
        results.verdict[i] === null
          ? null
          : [
              results.verdict[i],
              results.score[i],
              results.grade[i],
              results.risk[i],
              results.effort[i],
              results.confidence[i],
            ],
      );
      expect(numbers, detail).to.deep.equal(expected);
      expect(results.rationale === null, detail).to.equal(detail === "scores");
      expect(results.assessments === null, detail).to.equal(detail !== "assessments");
    }
    const { results } = qualifyTable(
      { headers, rows },
      { ...options, detail: "assessments", counterfactual: true },
    );
    // Missing values are assumptions, never quoted as reasons for or against.
    expect(results.rationale![0]).to.equal(
      "Needs information: 34% of the model's weight is known, 60% needed; for: Customization Standard (+5.5), " +
        "Financing Secured (+4). Missing Margin %, Customer Importance, Strategic Importance and 13 more.",
    );
    expect(results.assessments![0]!.rationale).to.equal(results.rationale![0]);
    expect(results.assessments![1]).to.equal(null);
    expect(results.counterfactual![0]).to.equal(null);
    expect(results.nextStep![0]).to.equal(
      "Collect: Solution Availability, Margin %, Customer Importance and 8 more",
    );
    expect(results.nextStep![3]).to.equal(
      "Collect: Solution Availability, Margin %, Customer Importance and 9 more",
    );
    expect(results.assessments![0]!.nextStep).to.equal(results.nextStep![0]);
    expect(results.nextStep![1]).to.equal(null);
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
      { verdict: "Conditional", count: 0, value: 0, unknownValue: 0 },
      { verdict: "Needs information", count: 3, value: 1_500_000, unknownValue: 1 },
      { verdict: "Not qualified", count: 0, value: 0, unknownValue: 0 },
    ]);
    expect(s.value).to.equal(1_500_000);
    expect(s.attention).to.deep.equal([
      { index: 0, verdict: "Needs information", score: 54.8 },
      { index: 3, verdict: "Needs information", score: 39.8 },
      { index: 2, verdict: "Needs information", score: 29 },
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
