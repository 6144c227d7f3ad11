// The qualify CLI on a 100,000-row workbook, against a bare ExcelJS streaming read and write of the same file,
// measured in the same run, each in its own process so peak memory (max RSS) is comparable.
import { buildSync } from "esbuild";
import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { HEADERS, rows } from "./data";
import type { BenchResult } from "./types";

const N = 100_000;
const DIR = path.join(__dirname, "results");

async function makeWorkbook(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: false,
  });
  const ws = writer.addWorksheet("Pipeline");
  ws.addRow(HEADERS).commit();
  for (const r of rows(N, 7)) ws.addRow(r as ExcelJS.CellValue[]).commit();
  ws.commit();
  await writer.commit();
}

/** Each side in its own Node process, bundled the same way (esbuild) as `npx qualify` runs. */
function child(mode: string, input: string, output: string): { ms: number; peakMB: number } {
  const bundle = path.join(DIR, "cli-child.cjs");
  if (!existsSync(bundle)) {
    buildSync({
      entryPoints: [path.join(__dirname, "cli-child.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      outfile: bundle,
      logLevel: "error",
    });
  }
  // Ours runs with the heap limits bin/qualify.js gives it for this file; ExcelJS with Node's defaults.
  const flags = mode === "ours" ? ["--max-semi-space-size=4", "--max-old-space-size=256"] : [];
  const out = execFileSync(process.execPath, [...flags, bundle, mode, input, output], { encoding: "utf8" });
  return JSON.parse(out) as { ms: number; peakMB: number };
}

export async function run(): Promise<BenchResult[]> {
  mkdirSync(DIR, { recursive: true });
  const input = path.join(DIR, "pipeline-100k.xlsx");
  if (!existsSync(input)) await makeWorkbook(input);
  const best = (mode: string) => {
    const runs = [1, 2].map(() => child(mode, input, path.join(DIR, `out-${mode}.xlsx`)));
    return { ms: Math.min(...runs.map((r) => r.ms)), peakMB: Math.max(...runs.map((r) => r.peakMB)) };
  };
  const base = best("exceljs");
  const ours = best("ours");
  return [
    {
      name: "qualify score, 100,000-row xlsx (read, assess, write)",
      value: ours.ms,
      unit: "ms",
      baseline: { name: "ExcelJS streaming read + write", value: base.ms },
      ratio: ours.ms / base.ms,
      target: "ratio ≤ 1.25",
    },
    {
      name: "qualify score, peak memory",
      value: ours.peakMB,
      unit: "MB",
      baseline: { name: "ExcelJS streaming read + write", value: base.peakMB },
      ratio: ours.peakMB / base.peakMB,
      target: "≤ 300 MB",
    },
  ];
}
