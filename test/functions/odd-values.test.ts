// The formulas on values no real opportunity has: a number too large to mean anything (1e308 interactions) is an
// unrecognised value, named in the rationale, and never reaches a result; a model range of any length is read.
import { expect } from "chai";
import { parseCell } from "../../src/model";
import { clearModelCache } from "../../src/functions/model-arg";
import { runEffort, runQualify } from "../../src/functions/spill";

const AS_OF = 46000;
const HEADERS = [["Opportunity ID", "Deal Value", "Interactions", "Solution Alternatives", "RFP Questions"]];
const effort = (row: unknown[]) => runEffort([row], HEADERS, null, { asOf: AS_OF })[0][0];
const rationale = (row: unknown[]) => runQualify([row], HEADERS, "rationale", null, { asOf: AS_OF })[0][0];

describe("functions on absurd values and long model ranges", function () {
  beforeEach(clearModelCache);

  for (const absurd of [1e308, Number.MAX_VALUE, 1e20, "1e308", "1e20"]) {
    it(`Interactions and Alternatives of ${absurd}: not recognised, named, and the effort of a row without them`, function () {
      const got = effort(["OPP-1", 1e6, absurd, absurd, 10]);
      expect(got).to.be.a("number");
      expect(Number.isFinite(got)).to.equal(true);
      expect(got).to.equal(effort(["OPP-1", 1e6, null, null, 10]));
      const text = String(rationale(["OPP-1", 1e6, absurd, absurd, 10]));
      const shown = typeof absurd === "number" ? String(absurd) : absurd;
      expect(text).to.include(`Interactions '${shown}' not recognised`);
      expect(text).to.include(`Alternatives '${shown}' not recognised`);
      expect(text).not.to.match(/Infinity|e\+\d+ pd/);
    });
  }

  it("a deal value of 1e308 is not recognised rather than shown as '1e+299bn'", function () {
    const text = String(rationale(["OPP-1", 1e308, 2, 1, 10]));
    expect(text).to.include("Deal Value '1e+308' not recognised");
    expect(text).not.to.include("bn (");
  });

  it("the parser keeps plausible large values and refuses absurd ones, per kind", function () {
    const status = (field: Parameters<typeof parseCell>[0], cell: number | string) =>
      parseCell(field, cell).status;
    expect(status("dealValue", 5e12)).to.equal("ok");
    expect(status("dealValue", "$900bn")).to.equal("ok");
    expect(status("dealValue", 1e16)).to.equal("unrecognised");
    expect(status("interactions", 500)).to.equal("ok");
    expect(status("interactions", 2e6)).to.equal("unrecognised");
    expect(status("rfpQuestions", "1,000,000")).to.equal("ok");
    expect(status("developmentSize", "5000 py")).to.equal("ok");
    expect(status("developmentSize", 1e8)).to.equal("unrecognised");
    expect(status("commitment", "60 months")).to.equal("ok");
    expect(status("commitment", "2000 years")).to.equal("unrecognised");
  });

  it("a 200,000-row model range is read (the last value of a setting wins), without exhausting the stack", function () {
    const rows: unknown[][] = [["Setting", "Value"]];
    for (let i = 0; i < 200_000; i++) rows.push(["weights.margin", i % 10]);
    rows.push(["weights.margin", 7]);
    const row = ["OPP-1", 1e6, 2, 1, 10];
    const got = runQualify([row], HEADERS, "score", rows, { asOf: AS_OF });
    const expected = runQualify([row], HEADERS, "score", [["weights.margin", 7]], { asOf: AS_OF });
    expect(got).to.deep.equal(expected);
  });

  it("a model curve of 200,000 points, as a range cell or as JSON text, reads as the same straight line", function () {
    const points = Array.from({ length: 200_001 }, (_, i) => [i / 200_000, i / 200_000]);
    const headers = [["Opportunity ID", "Deal Value", "Margin %"]];
    const row = ["OPP-1", 1e6, 0.25];
    const score = (model: unknown) => runQualify([row], headers, "score", model, { asOf: AS_OF });
    const line = score([["values.margin.curve", "[[0,0],[1,1]]"]]);
    expect(line[0][0]).to.be.a("number");
    expect(score([["values.margin.curve", JSON.stringify(points)]])).to.deep.equal(line);
    expect(score([[JSON.stringify({ values: { margin: { curve: points } } })]])).to.deep.equal(line);
  });
});
