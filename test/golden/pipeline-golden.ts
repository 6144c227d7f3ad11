// The golden results: every row of examples/pipeline.xlsx qualified by the CLI's own path on a fixed day, as one
// readable JSON line per opportunity. The test compares today's results with the stored file; only
// scripts/update-golden.ts rewrites it, and it prints what changed.
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { dateToSerial, defaultModel, partsToSerial, type Assessment, type Cell } from "../../src/model";
import { scoreWorkbook } from "../../src/cli/score";

export const ROOT = path.join(__dirname, "..", "..");
export const PIPELINE = path.join(ROOT, "examples", "pipeline.xlsx");
export const GOLDEN_FILE = path.join(__dirname, "pipeline.jsonl");
/** The day the golden results are computed for (the README's `--as-of`). */
export const GOLDEN_AS_OF_TEXT = "2026-11-28";
export const GOLDEN_AS_OF = partsToSerial(2026, 11, 28)!;
/** Noon on that day, local time: what a clock reads when Excel's TODAY() is the golden day. */
export const GOLDEN_NOON = new Date(2026, 10, 28, 12);

/** One opportunity's golden line: everything a user can see of its qualification. */
export function goldenRecord(a: Assessment, row: number): Record<string, unknown> {
  return {
    row,
    id: a.subject.id,
    verdict: a.verdict,
    score: a.score,
    grade: a.grade,
    risk: a.risk.total,
    riskComponents: a.risk.components,
    effort: a.effort.total,
    effortParts: a.effort.parts,
    bidCost: a.effort.bidCost,
    bidCostPct: a.effort.bidCostPct,
    assumed: a.effort.assumed,
    drivers: a.drivers.map((d) => [d.factor, d.points, d.max, d.reason]),
    knockOuts: a.knockOuts.map((k) => k.rule),
    confidence: a.confidence,
    rationale: a.rationale,
    nextStep: a.nextStep,
    counterfactual: a.counterfactual,
    changes: a.changes.map((c) => [c.field, c.value]),
    missing: a.missing,
    unrecognised: a.unrecognised.map((u) => [u.field, u.raw]),
  };
}

/** Today's results for the example pipeline, as golden lines (sheet row order). */
export function currentGolden(): string[] {
  const lines: string[] = [];
  scoreWorkbook(new Uint8Array(readFileSync(PIPELINE)), {
    model: defaultModel,
    asOf: GOLDEN_AS_OF,
    counterfactual: true,
    onAssessment: (a, row) => lines.push(JSON.stringify(goldenRecord(a, row))),
  });
  return lines;
}

export function storedGolden(): string[] {
  return readFileSync(GOLDEN_FILE, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}

/** What differs between two sets of golden lines, one line per changed field of each line. */
export function goldenDiff(before: readonly string[], after: readonly string[]): string[] {
  const keyOf = (r: Record<string, unknown>) =>
    [r.model, r.asOf, r.row].filter((x) => x !== undefined).join(" ");
  const byRow = (lines: readonly string[]) =>
    new Map(
      lines.map((l) => {
        const r = JSON.parse(l) as Record<string, unknown>;
        return [keyOf(r), r];
      }),
    );
  const old = byRow(before);
  const now = byRow(after);
  const out: string[] = [];
  for (const row of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(row);
    const b = now.get(row);
    if (!a || !b) {
      out.push(`row ${row}: ${a ? "gone" : "new"}`);
      continue;
    }
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[key]);
      const y = JSON.stringify(b[key]);
      if (x !== y) out.push(`row ${row}${b.id ? ` (${String(b.id)})` : ""} ${key}:\n  - ${x}\n  + ${y}`);
    }
  }
  return out;
}

export interface GoldenRow {
  row: number;
  id: string | null;
  verdict: string;
  score: number;
  grade: string;
  risk: number;
  effort: number;
  confidence: number;
  rationale: string;
  nextStep: string | null;
  counterfactual: string | null;
  drivers: [string, number, number, string][];
  riskComponents: Record<string, number>;
}

export const readGolden = (): GoldenRow[] => storedGolden().map((l) => JSON.parse(l) as GoldenRow);

/** A cell read back from an xlsx: an empty text is no cell at all, which readers give as null. */
export const asWritten = (v: unknown) => (v === null || v === undefined ? "" : v);

/** The output columns every shell writes, as the golden row holds them (no next step: an empty text). */
export const outputsOf = (g: GoldenRow) => [
  g.verdict,
  g.score,
  g.grade,
  g.risk,
  g.effort,
  g.confidence,
  g.rationale,
  g.nextStep ?? "",
];

/**
 * The example pipeline's sheet as Excel hands it to a custom function, read by ExcelJS (not by the product's
 * own reader): dates as serial numbers, blanks as null. The first row is the header row.
 */
export async function pipelineAsExcelPasses(): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(PIPELINE);
  const ws = wb.getWorksheet("Pipeline")!;
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v instanceof Date ? dateToSerial(v) : v === undefined || v === null ? null : (v as Cell));
    }
    out.push(cells);
  });
  return out;
}
