// A workbook scored before Confidence and Next step existed: the next run updates the six columns it wrote then,
// in place, and adds the two new ones beside them, never a second Verdict or Rationale.
import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { defaultModel, OUTPUT_COLUMNS, outputRowAt, qualifyTable, type Cell } from "../../src/model";
import { runScore } from "../../src/cli/main";
import { PIPELINE_HEADERS, pipelineRows } from "../taskpane/support/pipeline";
import { AS_OF as AS_OF_SERIAL } from "../model/helpers";

const OLD_OUTPUTS = ["Verdict", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"];
const ROWS = 6;

/** The test pipeline as the earlier version left it: six output columns with stale values, and its marker. */
async function scoredBefore(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Pipeline");
  ws.addRow([...PIPELINE_HEADERS, ...OLD_OUTPUTS]);
  for (const r of pipelineRows(ROWS))
    ws.addRow([...r.map((v) => (v === "" ? null : v)), "Qualified", 99, "A", 1, 1, "stale"]);
  const first = PIPELINE_HEADERS.length + 1; // column Q
  const letter = (c: number) => ws.getColumn(c).letter;
  wb.definedNames.add(
    `Pipeline!$${letter(first)}$1:$${letter(first + OLD_OUTPUTS.length - 1)}$${ROWS + 1}`,
    "_OppQualifier_Output",
  );
  await wb.xlsx.writeFile(file);
}

describe("qualify CLI on a workbook scored by an earlier version", function () {
  this.timeout(60_000);

  it("updates its six old columns in place and adds Confidence and Next step beside them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "older-"));
    const input = path.join(dir, "pipeline.xlsx");
    const out = path.join(dir, "out.xlsx");
    await scoredBefore(input);
    const io = {
      out: { write: () => true },
      err: { write: () => true, isTTY: false },
    } as unknown as Parameters<typeof runScore>[2];
    runScore(input, { asOf: "2026-11-28", out }, io);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Pipeline")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    // Its own columns are updated where they stand, the new ones added to their right: each output once.
    expect(header).to.deep.equal([...PIPELINE_HEADERS, ...OLD_OUTPUTS, "Confidence (%)", "Next step"]);

    const rows = pipelineRows(ROWS).map((r) => r.map((v) => (v === "" ? null : v)) as Cell[]);
    const { results } = qualifyTable(
      { headers: PIPELINE_HEADERS, rows },
      { model: defaultModel, asOf: AS_OF_SERIAL, detail: "rationale", counterfactual: true },
    );
    rows.forEach((_, i) => {
      const values = ws.getRow(i + 2).values as unknown[];
      const at = (name: string) => values[header.indexOf(name) + 1] ?? "";
      expect(
        OUTPUT_COLUMNS.map((name) => at(name)),
        `row ${i + 2}`,
      ).to.deep.equal(outputRowAt(results, i));
    });
    // The stale values are gone, and nothing was written twice.
    expect(header.filter((h) => h === "Verdict")).to.have.length(1);
  });
});
