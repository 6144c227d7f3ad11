// A run as data: which rows are qualified, the totals per verdict, the write request, the counterfactuals.
import { expect } from "chai";
import { defaultModel, matchHeaders, OUTPUT_COLUMNS, qualifyTable } from "../../../src/model";
import { planOutputColumns } from "../../../src/port/plan";
import {
  buildWriteRequest,
  firstDataRow,
  qualifyRows,
  rowLabel,
} from "../../../src/taskpane/logic/table-run";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../support/pipeline";

const mapping = matchHeaders(PIPELINE_HEADERS);

describe("taskpane/logic/table-run", () => {
  it("writes the engine's eight outputs for non-empty rows; a row holding only old outputs counts as empty", async () => {
    const headers = [...PIPELINE_HEADERS, "Verdict"];
    const rows = pipelineRows(20).map((r) => [...r, "Qualified"]);
    const run = await qualifyRows(rows, matchHeaders(headers), defaultModel, AS_OF);
    const engine = qualifyTable(
      { headers: PIPELINE_HEADERS, rows: pipelineRows(20) },
      { model: defaultModel, asOf: AS_OF, detail: "rationale", counterfactual: true },
    ).results;
    run.values.forEach((values, i) => {
      const empty = pipelineRows(20)[i].every((c) => c === "");
      if (empty) expect(values, `row ${i}`).to.deep.equal(OUTPUT_COLUMNS.map(() => null));
      else
        expect(values, `row ${i}`).to.deep.equal([
          engine.verdict[i],
          engine.score[i],
          engine.grade[i],
          engine.risk[i],
          engine.effort[i],
          engine.confidence[i],
          engine.rationale![i],
          engine.nextStep![i] ?? "",
        ]);
    });
  });

  it("totals count and pipeline value per verdict and lists the rest, conditional first, with what would change them", async () => {
    const rows = pipelineRows(60);
    const { summary: s, values } = await qualifyRows(rows, mapping, defaultModel, AS_OF);
    expect(s.totals.reduce((n, t) => n + t.count, 0)).to.equal(s.assessed);
    expect(s.assessed + s.empty).to.equal(60);
    expect(s.attention.length).to.equal(s.totals[1].count + s.totals[2].count + s.totals[3].count);
    const kinds = s.attention.map((a) => a.verdict);
    const rank = ["Conditional", "Needs information", "Not qualified"];
    expect(kinds).to.deep.equal([...kinds].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)));
    for (const a of s.attention) {
      expect(a.label).to.equal(rowLabel(rows[a.row], a.row, mapping));
      expect(a.rationale).to.equal(values[a.row][OUTPUT_COLUMNS.indexOf("Rationale")]);
      expect(a.nextStep).to.equal(values[a.row][OUTPUT_COLUMNS.indexOf("Next step")] || null);
    }
    // Each entry's next step is the engine's, for the same rows.
    const { results } = qualifyTable(
      { headers: PIPELINE_HEADERS, rows },
      { model: defaultModel, asOf: AS_OF, counterfactual: true },
    );
    for (const a of s.attention) expect(a.nextStep).to.equal(results.nextStep![a.row]);
    expect(s.attention.every((a) => typeof a.nextStep === "string")).to.equal(true);
  });

  it("reports progress and stops when cancelled", async () => {
    const seen: number[] = [];
    const abort = new AbortController();
    let error: unknown;
    try {
      await qualifyRows(pipelineRows(3500), mapping, defaultModel, AS_OF, {
        signal: abort.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done >= 2000) abort.abort();
        },
      });
    } catch (e) {
      error = e;
    }
    expect(seen).to.deep.equal([1000, 2000]);
    expect((error as Error).name).to.equal("CancelledError");
  });

  it("builds the write request: blank outputs for empty rows, previous cells of reused columns kept for undo", async () => {
    const headers = [...PIPELINE_HEADERS, "Verdict"];
    const rows = pipelineRows(17).map((r, i) => [...r, `old ${i}`]);
    const plan = planOutputColumns(headers, [16]);
    const run = await qualifyRows(rows, matchHeaders(headers), defaultModel, AS_OF);
    const req = buildWriteRequest(
      { ref: { kind: "range", sheet: "S", address: "A1:Q18" }, headers, rows, ownColumns: [16] },
      plan,
      run.values,
    );
    expect(req.values).to.have.length(17);
    expect(req.values[16]).to.deep.equal(OUTPUT_COLUMNS.map(() => null));
    expect(req.previous[0]![3]).to.equal("old 3");
    expect(req.previous.slice(1)).to.deep.equal(OUTPUT_COLUMNS.slice(1).map(() => null));
    expect(req.expected).to.deep.equal({ headers, rowCount: 17 });
  });

  it("names a row by name and id; without an id by customer, name and its sheet row, so alike rows differ", () => {
    const m = matchHeaders(["Opportunity ID", "Customer", "Opportunity Name"]);
    expect(rowLabel(["OPP-7", "Acme", "SD-WAN"], 0, m)).to.equal("SD-WAN (OPP-7)");
    expect(rowLabel(["OPP-7", "Acme", ""], 0, m)).to.equal("Acme (OPP-7)");
    expect(rowLabel(["", "Acme", "SD-WAN"], 3, m)).to.equal("Acme · SD-WAN (row 5)");
    expect(rowLabel(["", "Acme", "SD-WAN"], 4, m, 10)).to.equal("Acme · SD-WAN (row 14)");
    expect(rowLabel(["", "", ""], 0, m, 10)).to.equal("Row 10");
    expect(firstDataRow({ kind: "table", sheet: "S", address: "'S'!B4:F20" })).to.equal(5);
  });

  it("names rows without an id in the summary by their sheet row", async () => {
    const headers = ["Customer", "Opportunity Name", "Deal Value", "Solution Availability"];
    const rows = [1, 2, 3].map(() => ["Acme", "Renewal", 100, "Not available"]);
    const { summary } = await qualifyRows(rows, matchHeaders(headers), defaultModel, AS_OF, {}, 7);
    expect(summary.attention.map((a) => a.label)).to.deep.equal([
      "Acme · Renewal (row 7)",
      "Acme · Renewal (row 8)",
      "Acme · Renewal (row 9)",
    ]);
  });
});

describe("taskpane/logic/table-run: money in several currencies", () => {
  it("reads a currency column by its header and totals per currency, as the CLI does", async () => {
    const headers = ["Opportunity", "Deal Value", "CurrencyIsoCode", "Financing"];
    const rows = [
      ["A", 1_000_000, "EUR", "Secured"],
      ["B", "$2M", null, "Secured"],
      ["C", 500_000, "EUR", "Secured"],
    ];
    const run = await qualifyRows(rows, matchHeaders(headers), defaultModel, AS_OF, {}, 2, headers);
    expect(run.summary.valueText).to.equal("1.5M EUR + 2M USD");
    // The mapping found from the header row says where the currency column is, without the row itself.
    const fromMapping = await qualifyRows(rows, matchHeaders(headers), defaultModel, AS_OF);
    expect(fromMapping.summary.valueText).to.equal("1.5M EUR + 2M USD");
    // A mapping that does not say (made by hand), and no header row: amounts without a currency are in the base.
    const { currency, ...byHand } = matchHeaders(headers);
    expect(currency).to.equal(2);
    const bare = await qualifyRows(rows, byHand, defaultModel, AS_OF);
    expect(bare.summary.valueText).to.equal("1.5M + 2M USD");
  });
});
