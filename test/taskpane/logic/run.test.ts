// A run as data: which rows are assessed, the totals per verdict, the write request, the counterfactuals.
import { expect } from "chai";
import { assess, defaultModel, matchHeaders, outputRow, readOpportunity } from "../../../src/model";
import { planOutputColumns } from "../../../src/port/plan";
import { assessRows, buildWriteRequest, explain, summarise } from "../../../src/taskpane/logic/run";
import { AS_OF, PIPELINE_HEADERS, pipelineRows } from "../support/pipeline";

const mapping = matchHeaders(PIPELINE_HEADERS);

describe("taskpane/logic/run", () => {
  it("assesses non-empty rows as the engine does; a row holding only old outputs counts as empty", async () => {
    const headers = [...PIPELINE_HEADERS, "Verdict"];
    const rows = pipelineRows(20).map((r) => [...r, "Qualified"]);
    const outcomes = await assessRows(rows, matchHeaders(headers), defaultModel, AS_OF);
    outcomes.forEach((o, i) => {
      const empty = pipelineRows(20)[i].every((c) => c === "");
      if (empty) expect(o.assessment, `row ${i}`).to.equal(null);
      else {
        const a = assess(readOpportunity(rows[i], mapping), defaultModel, {
          asOf: AS_OF,
          counterfactual: false,
        });
        expect(outputRow(o.assessment!)).to.deep.equal(outputRow(a));
      }
    });
  });

  it("totals count and pipeline value per verdict and lists the rest, conditional first", async () => {
    const rows = pipelineRows(60);
    const outcomes = await assessRows(rows, mapping, defaultModel, AS_OF);
    const s = summarise(outcomes);
    expect(s.totals.reduce((n, t) => n + t.count, 0)).to.equal(s.assessed);
    expect(s.assessed + s.empty).to.equal(60);
    expect(s.attention.length).to.equal(s.totals[1].count + s.totals[2].count);
    const kinds = s.attention.map((a) => a.verdict);
    expect(kinds).to.deep.equal([...kinds].sort((a, b) => (a === b ? 0 : a === "Conditional" ? -1 : 1)));
    for (const a of explain(s.attention.slice(0, 5), rows, mapping, defaultModel, AS_OF)) {
      expect(a.counterfactual).to.equal(
        assess(readOpportunity(rows[a.row], mapping), defaultModel, { asOf: AS_OF }).counterfactual,
      );
    }
  });

  it("reports progress and stops when cancelled", async () => {
    const seen: number[] = [];
    const abort = new AbortController();
    let error: unknown;
    try {
      await assessRows(pipelineRows(3500), mapping, defaultModel, AS_OF, {
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
    const outcomes = await assessRows(rows, matchHeaders(headers), defaultModel, AS_OF);
    const req = buildWriteRequest(
      { ref: { kind: "range", sheet: "S", address: "A1:Q18" }, headers, rows, ownColumns: [16] },
      plan,
      outcomes,
    );
    expect(req.values).to.have.length(17);
    expect(req.values[16]).to.deep.equal([null, null, null, null, null, null]);
    expect(req.previous[0]![3]).to.equal("old 3");
    expect(req.previous.slice(1)).to.deep.equal([null, null, null, null, null]);
    expect(req.expected).to.deep.equal({ headers, rowCount: 17 });
  });
});
