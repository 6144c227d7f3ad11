// The CLI benchmark's baseline process: a bare ExcelJS streaming read of a workbook and streaming write of the
// same cells, what any tool must at least do to add columns to a file this size.
//   node cli-child.cjs <input.xlsx> <output.xlsx>
import ExcelJS from "exceljs";

async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
