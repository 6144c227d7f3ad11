// Test workbooks written with ExcelJS (as a user's Excel would save them) and read back the same way.
import ExcelJS from "exceljs";
import { PIPELINE_HEADERS, pipelineRows } from "./pipeline";

type Row = (string | number | boolean | null)[];

/** The test pipeline as an xlsx: a table "Deals" on sheet "Pipeline" (or a plain range), and a "Notes" sheet. */
export async function pipelineXlsx(
  rows: number,
  asTable = true,
  extraColumns: { header: string; value: (i: number) => string }[] = [],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Pipeline");
  const headers = [...PIPELINE_HEADERS, ...extraColumns.map((c) => c.header)];
  const data = pipelineRows(rows).map((r, i) => [
    ...r.map((v) => (v === "" ? null : v)),
    ...extraColumns.map((c) => c.value(i)),
  ]) as Row[];
  if (asTable) {
    ws.addTable({
      name: "Deals",
      ref: "A1",
      headerRow: true,
      columns: headers.map((name) => ({ name })),
      rows: data,
    });
  } else {
    ws.addRow(headers);
    for (const r of data) ws.addRow(r);
  }
  wb.addWorksheet("Notes").getCell("A1").value = "keep me";
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function openXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return wb;
}
