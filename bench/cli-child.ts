// Runs one side of the CLI benchmark in its own process, so each side's peak memory is its own:
//   ours     — the qualify CLI's work on the file (read, assess, write)
//   exceljs  — a bare ExcelJS streaming read of the file and streaming write of the same cells
// Prints {"ms": …, "peakMB": …} on stdout.
import ExcelJS from "exceljs";
import { runScore } from "../src/cli/main";

async function exceljs(input: string, output: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: output,
    useSharedStrings: false,
    useStyles: false,
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    worksheets: "emit",
  });
  for await (const sheet of reader) {
    const out = writer.addWorksheet("Pipeline");
    for await (const row of sheet) out.addRow((row.values as unknown[]).slice(1)).commit();
    out.commit();
  }
  await writer.commit();
}

async function main(): Promise<void> {
  const [mode, input, output] = process.argv.slice(2);
  const t0 = performance.now();
  if (mode === "ours") {
    const silent = { write: () => true, isTTY: false };
    runScore(input, { out: output, asOf: "2026-11-28" }, {
      out: silent,
      err: silent,
    } as unknown as Parameters<typeof runScore>[2]);
  } else {
    await exceljs(input, output);
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
