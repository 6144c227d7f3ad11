// A workbook of closed deals for the learning panel's tests: the synthetic history (test/model/synthetic-history.ts,
// a known logistic law, never real data) as a table "History" on sheet "Deals", written by ExcelJS as Excel would.
import ExcelJS from "exceljs";
import type { Cell } from "../../../src/model";
import { syntheticHistory } from "../../model/synthetic-history";

export function historyTable(rows: number, seed = 7): { headers: Cell[]; rows: Cell[][] } {
  const h = syntheticHistory(rows, seed);
  return { headers: h.headers, rows: h.rows };
}

/** The history as table "History" on sheet "Deals"; `before`: a table "Open" on a first sheet "Pipeline". */
export async function historyXlsx(
  table: { headers: Cell[]; rows: Cell[][] },
  before?: { headers: Cell[]; rows: Cell[][] },
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  if (before)
    wb.addWorksheet("Pipeline").addTable({
      name: "Open",
      ref: "A1",
      headerRow: true,
      columns: before.headers.map((name) => ({ name: String(name) })),
      rows: before.rows as ExcelJS.CellValue[][],
    });
  const ws = wb.addWorksheet("Deals");
  ws.addTable({
    name: "History",
    ref: "A1",
    headerRow: true,
    columns: table.headers.map((name) => ({ name: String(name) })),
    rows: table.rows as ExcelJS.CellValue[][],
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
