// The table service: every shell's one way into the engine. Rows in, result columns and problems out.
import { expect } from "chai";
import {
  defaultModel,
  describeProblem,
  matchHeaders,
  outputRowAt,
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
      ["Needs information", 54.1, "C", 48.1, 5.5, 32],
      null,
      ["Needs information", 29.5, "D", 73.1, 19.5, 32],
      ["Needs information", 39.8, "D", 57.6, 7.5, 23],
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
      "Needs information: 32% of the model's weight is known, 60% needed; for: Customization Standard (+5.2), " +
        "Financing Secured (+3.8). Missing Margin %, Customer Importance, Strategic Importance and 14 more.",
    );
    expect(results.assessments![0]!.rationale).to.equal(results.rationale![0]);
    expect(results.assessments![1]).to.equal(null);
    expect(results.counterfactual![0]).to.equal(null);
    expect(results.nextStep![0]).to.equal(
      "Collect: Solution Availability, Margin %, Customer Importance and 9 more",
    );
    expect(results.nextStep![3]).to.equal(
      "Collect: Solution Availability, Margin %, Customer Importance and 10 more",
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
      { verdict: "Qualified", count: 0, value: 0, valueText: "0", expectedText: null, unknownValue: 0 },
      { verdict: "Conditional", count: 0, value: 0, valueText: "0", expectedText: null, unknownValue: 0 },
      // $1.2M and €300k: two currencies, never added up in words.
      {
        verdict: "Needs information",
        count: 3,
        value: 1_500_000,
        valueText: "300k EUR + 1.2M USD",
        expectedText: null,
        unknownValue: 1,
      },
      { verdict: "Not qualified", count: 0, value: 0, valueText: "0", expectedText: null, unknownValue: 0 },
    ]);
    expect(s.valueText).to.equal("300k EUR + 1.2M USD");
    // A verdict whose rows carry no deal value at all has nothing to add up: "—", not "0".
    const none = summarise(qualifyTable({ headers, rows: [rows[3]] }, options).results);
    expect(none.totals[2]).to.include({ count: 1, unknownValue: 1, valueText: "—" });
    expect(s.value).to.equal(1_500_000);
    expect(s.attention).to.deep.equal([
      { index: 0, verdict: "Needs information", score: 54.1 },
      { index: 3, verdict: "Needs information", score: 39.8 },
      { index: 2, verdict: "Needs information", score: 29.5 },
    ]);
  });

  it("reads each table as its own columns, however tables of one row and of many follow each other", () => {
    // One-row formulas down a sheet, then another table: a field one table has is missing from the next.
    const alone = (h: string[], row: unknown[]) =>
      qualifyTable({ headers: h, rows: [row as never] }, { ...options, detail: "assessments" }).results;
    const noFinancing = ["Opportunity", "Deal Value", "Customization"];
    const row = ["Core refresh", "$1.2M", "Standard"];
    const secured = Array.from({ length: 300 }, () => rows[0]);
    qualifyTable({ headers, rows: secured }, { ...options, detail: "assessments" }); // Financing in every row
    expect(alone(headers, rows[0]).score[0]).to.equal(54.1);
    const without = alone(noFinancing, row);
    expect(without.assessments![0]!.missing).to.include("financing");
    expect(without.score[0]).to.be.below(54.1); // Secured financing counted for it
    expect(alone(headers, rows[0]).score[0]).to.equal(54.1);
    const many = qualifyTable(
      { headers: noFinancing, rows: Array.from({ length: 300 }, () => row) },
      { ...options, detail: "assessments" },
    );
    expect(new Set(many.results.score)).to.deep.equal(new Set([without.score[0]]));
    expect(alone(headers, rows[0]).score[0]).to.equal(54.1);
  });

  it("reads a mapping the caller changed between calls as it is now", () => {
    const mapping = matchHeaders(headers);
    const first = qualifyTable({ headers, rows: [rows[0]] }, { ...options, mapping }).results;
    mapping.columns.financing = 4; // "Notes": Financing now missing
    const second = qualifyTable({ headers, rows: [rows[0]] }, { ...options, mapping }).results;
    expect(second.score[0]).to.be.below(first.score[0]);
  });
});

describe("the table service on closed deals", () => {
  const headers = ["Opportunity", "Deal Value", "Financing", "Customization", "Close Date", "Stage"];
  const overdue = OPTIONS.asOf - 400; // closed long ago
  const rows = [
    ["Open bid", "$1.2M", "Secured", "Standard", overdue, "Negotiation"],
    ["Won last year", "$1.2M", "Secured", "Standard", overdue, "Closed Won"],
    ["Lost last year", "$1.2M", "Secured", "Standard", overdue, "Closed Lost"],
  ];
  const options = { model: defaultModel, asOf: OPTIONS.asOf };

  it("shows a closed deal as history: no verdict, how it ended as its next step, no time pressure", () => {
    const { results } = qualifyTable(
      { headers, rows },
      { ...options, detail: "assessments", counterfactual: true },
    );
    expect(results.closed).to.deep.equal([null, "Closed won", "Closed lost"]);
    const out = [0, 1, 2].map((i) => outputRowAt(results, i)!);
    expect(out[1][0]).to.equal("");
    expect(out[1][7]).to.equal("Closed won");
    expect(out[2][7]).to.equal("Closed lost");
    expect(results.rationale![1]).to.match(/^Closed won, not assessed as an open pursuit\. As one: /);
    expect(results.rationale![0]).to.include("Response overdue by 400 days");
    for (const i of [1, 2]) expect(results.rationale![i]).to.not.include("overdue");
    // Without the overdue date the closed deal scores higher than the same deal still open.
    expect(results.score[1]).to.be.above(results.score[0]);
    expect(results.counterfactual![1]).to.equal(null);
    expect(results.assessments![2]!.closed).to.equal("Closed lost");
    const s = summarise(results);
    expect(s.count).to.equal(1);
    expect(s.closed).to.deep.equal({ won: 1, lost: 1, other: 0 });
  });
});

describe("the table service and the CRM's own estimate", () => {
  it("carries the CRM's probability and forecast beside its assessment, and scores the same without them", () => {
    const headers = ["Opportunity", "Deal Value", "Financing", "Probability (%)", "Forecast Category"];
    const rows = [["A", "$1.2M", "Secured", "75", "Best Case"]];
    const options = { model: defaultModel, asOf: OPTIONS.asOf, detail: "assessments" as const };
    const { results } = qualifyTable({ headers, rows }, options);
    expect(results.assessments![0]!.crm).to.deep.equal({ probability: 0.75, forecast: "Best case" });
    const without = qualifyTable({ headers: headers.slice(0, 3), rows: [rows[0].slice(0, 3)] }, options);
    expect(without.results.assessments![0]!.crm).to.deep.equal({ probability: null, forecast: null });
    expect(results.score[0]).to.equal(without.results.score[0]);
  });
});
