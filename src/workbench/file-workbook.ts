// The workbook port over a workbook file, for the browser workbench (and Node tests and benchmarks). The xlsx
// bytes are the state: every write produces new bytes through src/files/ (which edits only the sheets it must,
// so charts and other parts survive), and the grid view reads them back. The filter and the selection live in
// memory, as they would in Excel's window. A CSV is opened as a new one-sheet workbook.
import { errorText, problem, ProblemError, type Cell, type Verdict } from "../model";
import { typedCell } from "../files/csv";
import { readCsvTable, zippedCsv } from "../files/csvFile";
import { bytesSource } from "../files/zip";
import { bomEncoding, bomlessUtf16 } from "../files/textEncoding";
import { newWorkbook, openWorkbook, type SheetTable, type WorkbookFile } from "../files/xlsx";
import { cellAddress, formatBox, type Box } from "../port/a1";
import { outputFormats, outputNumberFormats } from "../port/formats";
import { ownColumnsIn } from "../port/marker";
import { mappingFromRows, mappingToRows, valuesFromRows, valuesToRows } from "../port/mapping-sheet";
import { checkWriteRequest, outputBlock } from "../port/plan";
import {
  MAPPING_SHEET,
  MODEL_SHEET,
  OUTPUT_MARKER,
  OUTPUT_MARKER_COMMENT,
  SAMPLE_ROWS,
  TableChangedError,
  WriteStoppedError,
  describeTable,
  tableKey,
  type DetectedTable,
  type RunControl,
  type StoredMapping,
  type StoredValues,
  type TableData,
  type TableRef,
  type TableSource,
  type WorkbookPort,
  type WriteRequest,
  type WriteResult,
} from "../port/workbook";

export interface Selection {
  sheet: string;
  row: number; // 0-based sheet row
  col: number;
}

export interface VerdictFilter {
  sheet: string;
  column: number; // 0-based sheet column of Verdict
  verdicts: Verdict[];
}

/** What the grid shows of one sheet: its table (or used range) with 0-based sheet coordinates. */
export interface SheetView {
  sheet: string;
  table: SheetTable | null;
  box: Box | null;
  tableName?: string;
}

export class FileWorkbook implements WorkbookPort {
  readonly kind = "file" as const;
  private data: Uint8Array;
  private book: WorkbookFile;
  private cache = new Map<string, SheetTable | null>();
  private listeners = new Set<() => void>();
  activeSheet: string;
  selection: Selection | null = null;
  filter: VerdictFilter | null = null;
  /** Bumped on every change, so views know when to read again. */
  version = 0;

  constructor(
    data: Uint8Array,
    readonly fileName: string,
  ) {
    this.data = data;
    this.book = openWorkbook(data);
    const sheets = this.sheets();
    this.activeSheet = sheets.find((s) => this.sheetTable(s)?.tableName) ?? sheets[0] ?? "";
  }

  /**
   * Opens .xlsx bytes, or CSV text (as a new workbook with one sheet named after the file), or a .zip holding one
   * CSV (as the CLI reads one). The content must match the name: an .xlsx that is not a zip package, or a .csv
   * that is not text, is refused (ProblemError).
   */
  static open(fileName: string, bytes: Uint8Array): FileWorkbook {
    const csvName = /\.(csv|txt)$/i.test(fileName);
    const xlsxName = /\.xls[xm]$/i.test(fileName);
    if (/\.zip$/i.test(fileName)) {
      const inner = zippedCsv(bytesSource(bytes));
      return FileWorkbook.fromCsv(inner.name.replace(/^.*\//, ""), readCsvTable(inner.source));
    }
    if (csvName || (!xlsxName && !isZip(bytes))) {
      if (!isText(bytes)) throw new ProblemError(problem("workbench.notText", {}));
      // Read as the CLI reads it (encoding, "sep=" line, delimiter): the same file gives the same values.
      return FileWorkbook.fromCsv(
        fileName,
        readCsvTable(() => [bytes]),
      );
    }
    return new FileWorkbook(bytes, fileName);
  }

  /** A CSV's table as a new workbook of one sheet named after the file, plain numbers as numbers. */
  private static fromCsv(fileName: string, csv: { headers: string[]; rows: string[][] }): FileWorkbook {
    const sheet =
      fileName
        .replace(/\.[^.]*$/, "")
        .slice(0, 31)
        .replace(/[[\]:*?/\\]/g, "_") || "Sheet1";
    const rows = [csv.headers, ...csv.rows.map((r) => r.map(typedCell))];
    return new FileWorkbook(newWorkbook([{ name: sheet, rows }]), fileName.replace(/\.(csv|txt)$/i, ".xlsx"));
  }

  /** The workbook as it is now, for download. */
  bytes(): Uint8Array {
    return this.data;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(dataChanged: boolean): void {
    if (dataChanged) {
      this.cache.clear();
      this.book = openWorkbook(this.data);
    }
    this.version++;
    for (const l of this.listeners) l();
  }

  /** Sheets a user sees (the very hidden mapping sheet left out). */
  sheets(): string[] {
    return this.book.sheetNames().filter((s) => s !== MAPPING_SHEET);
  }

  /** The sheet's first table, else its used range; null for an empty sheet or one that is not a worksheet. */
  sheetTable(sheet: string): SheetTable | null {
    if (!this.cache.has(sheet)) {
      let t: SheetTable | null = null;
      try {
        t = this.book.readTable({ sheet, marker: OUTPUT_MARKER });
      } catch {
        t = null;
      }
      this.cache.set(sheet, t);
    }
    return this.cache.get(sheet) ?? null;
  }

  view(sheet = this.activeSheet): SheetView {
    const table = this.sheetTable(sheet);
    return { sheet, table, box: table ? boxOf(table) : null, tableName: table?.tableName };
  }

  setActiveSheet(sheet: string): void {
    this.activeSheet = sheet;
    this.changed(false);
  }

  select(selection: Selection | null): void {
    this.selection = selection;
    if (selection) this.activeSheet = selection.sheet;
    this.changed(false);
  }

  private refOf(t: SheetTable): TableRef {
    return t.tableName
      ? { kind: "table", name: t.tableName, sheet: t.sheetName, address: formatBox(boxOf(t)) }
      : { kind: "range", sheet: t.sheetName, address: formatBox(boxOf(t)) };
  }

  private ownOf(t: SheetTable): number[] {
    return ownColumnsIn(boxOf(t), t.headers, t.marker ? [t.marker] : []);
  }

  private candidates(): SheetTable[] {
    return this.sheets()
      .filter((s) => s !== MODEL_SHEET)
      .map((s) => this.sheetTable(s))
      .filter((t): t is SheetTable => t !== null && t.headers.some((h) => h !== null && h !== ""));
  }

  async detect(choice?: TableRef): Promise<DetectedTable | null> {
    const all = this.candidates();
    let table: SheetTable | undefined;
    let source: TableSource = "your choice";
    if (choice) table = all.find((t) => t.sheetName === choice.sheet);
    else {
      table = all.find((t) => t.sheetName === this.activeSheet);
      const sel = this.selection;
      const inside =
        table && sel && sel.sheet === table.sheetName && contains(boxOf(table), sel.row, sel.col);
      if (table) {
        source = table.tableName
          ? inside
            ? "selected table"
            : "table on the active sheet"
          : "region around the selection";
      } else if (all.length > 0) {
        table = all[0];
        source = table.tableName ? "table on the active sheet" : "region around the selection";
        this.activeSheet = table.sheetName;
      }
    }
    if (!table) return null;
    const ref = this.refOf(table);
    return {
      ref,
      source,
      headers: table.headers,
      sample: table.rows.slice(0, SAMPLE_ROWS),
      rowCount: table.rows.length,
      ownColumns: this.ownOf(table),
      alternatives: all
        .filter((t) => t !== table)
        .map((t) => ({ ref: this.refOf(t), label: describeTable(this.refOf(t)) })),
    };
  }

  private tableAt(ref: TableRef): SheetTable {
    const t = this.sheetTable(ref.sheet);
    if (!t || (ref.kind === "table" && t.tableName !== ref.name)) {
      throw new TableChangedError(problem("table.gone", { table: describeTable(ref) }));
    }
    return t;
  }

  async readTable(ref: TableRef, control: RunControl = {}): Promise<TableData> {
    if (control.signal?.aborted) throw new WriteStoppedError(problem("read.cancelled", {}));
    const t = this.tableAt(ref);
    control.onProgress?.(t.rows.length, t.rows.length);
    return { ref: this.refOf(t), headers: t.headers, rows: t.rows, ownColumns: this.ownOf(t) };
  }

  async writeOutputs(request: WriteRequest, control: RunControl = {}): Promise<WriteResult> {
    const { ref, columns, values } = request;
    if (control.signal?.aborted) {
      throw new WriteStoppedError(problem("write.cancelled", { written: null }));
    }
    const t = this.tableAt(ref);
    checkWriteRequest(request, { headers: t.headers, rowCount: t.rows.length, ownColumns: this.ownOf(t) });
    const block = outputBlock(columns);
    if ("apart" in block) {
      const cell = cellAddress(t.headerRow, t.firstCol + block.apart);
      throw new WriteStoppedError(problem("write.columnsApart", { cell }));
    }
    control.onProgress?.(0, values.length);
    const startCol = t.firstCol + block.first;
    try {
      const headers = block.order.map((i) => columns[i].header);
      this.book.writeOutputs({
        sheetName: t.sheetName,
        headerRow: t.headerRow,
        firstDataRow: t.headerRow + 1,
        startCol,
        headers,
        rows: values.map((row) => block.order.map((i) => row[i])),
        tableName: t.tableName,
        firstCol: t.firstCol,
        formats: outputFormats(headers),
        numberFormats: outputNumberFormats(headers),
        marker: { name: OUTPUT_MARKER, comment: OUTPUT_MARKER_COMMENT },
      });
      this.data = this.book.save();
    } catch (error) {
      throw new WriteStoppedError(problem("write.failed", { error: errorText(error), written: null }));
    }
    this.changed(true);
    control.onProgress?.(values.length, values.length);
    // The new extent without reading 50,000 rows back: the grid reads them when it next draws.
    const box = boxOf(t);
    const wider = { ...box, c1: Math.max(box.c1, box.c0 + block.first + block.order.length - 1) };
    return {
      ref: { ...this.refOf(t), address: formatBox(wider) },
      rowsWritten: values.length,
      columnsAdded: columns.filter((c) => c.origin === "new").length,
    };
  }

  async setVerdictFilter(ref: TableRef, verdictColumn: number, verdicts: Verdict[] | null): Promise<void> {
    const t = this.tableAt(ref);
    this.filter = verdicts ? { sheet: t.sheetName, column: t.firstCol + verdictColumn, verdicts } : null;
    this.changed(false);
  }

  async selectRow(ref: TableRef, row: number): Promise<void> {
    const t = this.tableAt(ref);
    this.select({ sheet: t.sheetName, row: t.headerRow + 1 + row, col: t.firstCol });
  }

  private readSheet(name: string): Cell[][] | null {
    if (!this.book.sheetNames().includes(name)) return null;
    const t = this.sheetTable(name);
    return t ? [t.headers, ...t.rows] : [];
  }

  async readModelSettings(): Promise<Cell[][] | null> {
    return this.readSheet(MODEL_SHEET);
  }

  async writeModelSettings(rows: Cell[][]): Promise<void> {
    this.book.writeSheetRows(MODEL_SHEET, rows);
    this.data = this.book.save();
    this.changed(true);
  }

  async readMapping(ref: TableRef): Promise<StoredMapping | null> {
    return mappingFromRows(this.readSheet(MAPPING_SHEET), tableKey(ref));
  }

  async writeMapping(ref: TableRef, mapping: StoredMapping): Promise<void> {
    const rows = mappingToRows(this.readSheet(MAPPING_SHEET), tableKey(ref), mapping);
    this.book.writeSheetRows(MAPPING_SHEET, rows, { state: "veryHidden" });
    this.data = this.book.save();
    this.changed(true);
  }

  async readValues(ref: TableRef): Promise<StoredValues> {
    return valuesFromRows(this.readSheet(MAPPING_SHEET), tableKey(ref));
  }

  async writeValues(ref: TableRef, values: StoredValues): Promise<void> {
    const rows = valuesToRows(this.readSheet(MAPPING_SHEET), tableKey(ref), values);
    this.book.writeSheetRows(MAPPING_SHEET, rows, { state: "veryHidden" });
    this.data = this.book.save();
    this.changed(true);
  }
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Whether the bytes can be a CSV: not a zip package or an OLE compound file (a workbook named .csv), and no NUL
 * byte in the first 64 KB unless the text is UTF-16, by its byte order mark or by its zero bytes (binary files
 * have NULs, text never does).
 */
function isText(bytes: Uint8Array): boolean {
  if (isZip(bytes)) return false;
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return false;
  const head = bytes.subarray(0, 65536);
  const utf16 = bomEncoding(head) ?? bomlessUtf16(head);
  if (utf16 === "utf-16le" || utf16 === "utf-16be") return true;
  return head.indexOf(0) < 0;
}

/** The table's block in 0-based sheet coordinates, header row included. */
export function boxOf(t: SheetTable): Box {
  return { r0: t.headerRow, c0: t.firstCol, r1: t.lastRow, c1: t.lastCol };
}

function contains(b: Box, row: number, col: number): boolean {
  return row >= b.r0 && row <= b.r1 && col >= b.c0 && col <= b.c1;
}
