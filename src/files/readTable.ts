// Finding and reading the table of a workbook: the first Excel table (on a sheet, or in the workbook), else a
// sheet's used range under its first row of two or more values. Rows and columns count from 0 (src/port/a1).

import type { Cell } from "../model";
import type { Box } from "../port/a1";
import type { Book } from "./book";
import { markerRange } from "./definedNames";
import { fileError } from "./errors";
import { firstWorksheet, relOfType, requireWorksheet, type SheetInfo, type WorkbookPackage } from "./package";
import { streamSheetData } from "./sheetData";
import { createRowReader, isBlank, type CellContext, type ReadRow, type RowReader } from "./sheetRead";
import { dateStyleIndexes } from "./styles";
import { findTableByName, tablesOfSheet, type TableInfo } from "./tables";

/** The opportunity table found in a workbook. Rows and columns are 0-based sheet positions (src/port/a1). */
export interface SheetTable {
  sheetName: string;
  tableName?: string;
  headerRow: number;
  firstCol: number;
  lastCol: number;
  /** Last data row (the header row when there is no data). */
  lastRow: number;
  headers: Cell[];
  /**
   * One per sheet row from headerRow + 1 to lastRow, each lastCol - firstCol + 1 wide; blank cells are null. A
   * range over 1,024 columns wide (a stray far cell) is read sparsely: each row only up to its last cell. Empty
   * when read with keepRows: false.
   */
  rows: Cell[][];
  /** The header cells the marker name (ReadOptions.marker) records on this table's header row, if any. */
  marker?: Box;
}

export interface ReadOptions {
  /** The sheet to read; by default the first Excel table in the workbook, else the first worksheet. */
  sheet?: string;
  /** The defined name that marks the caller's own columns from an earlier write; SheetTable.marker says where. */
  marker?: string;
  /** The Excel table to read, by name (ignoring case), on `sheet` or anywhere in the workbook. */
  table?: string;
  /**
   * false: find the table and read its header, but keep no data rows (`rows` is empty): a writer that is handed
   * the rows as it rewrites the sheet (OutputSpec.input) needs them no earlier, and a million rows held cost
   * hundreds of megabytes. Default true.
   */
  keepRows?: boolean;
  /**
   * With keepRows false: the first data rows kept all the same, at most this many (a caller decides ambiguous
   * headers from them); the rows beyond count only for the bounds.
   */
  sampleRows?: number;
}

/**
 * Reads a sheet's rows (within `bounds`), inflating the part in pieces: only the cells read are kept, never the
 * sheet's XML, which for a million rows is the better part of a gigabyte.
 */
function readSheetRows(
  book: Book,
  sheet: SheetInfo,
  ctx: CellContext,
  bounds?: Box,
  visit: (r: ReadRow) => ReadRow | null = (r) => r,
): ReadRow[] {
  let reader: RowReader | undefined;
  let done = false;
  const kept: ReadRow[] = [];
  streamSheetData((onPiece) => book.pkg.sheetPieces(sheet.path, onPiece), sheet.name, {
    head: (_head, _openTag, prefix) => {
      reader = createRowReader(prefix, ctx, bounds);
    },
    rows: (block) => {
      if (done) return;
      done = reader!.block(block);
      for (const r of reader!.rows.splice(0)) {
        const k = visit(r);
        if (k) kept.push(k);
      }
    },
    tail: () => undefined,
  });
  return kept;
}

export function cellContext(book: Book, sheet: SheetInfo): CellContext {
  const { pkg } = book;
  const ctx: CellContext = { sheetName: sheet.name, sharedStrings: book.sharedStrings };
  if (pkg.date1904) {
    const rel = relOfType(pkg.workbookRels, "/styles");
    const styles = rel ? pkg.text(rel.target) : undefined;
    if (styles) ctx.date1904Styles = dateStyleIndexes(styles);
  }
  return ctx;
}

/** Tables wider than this are read sparsely (see rowsToTable). */
const SPARSE_WIDTH = 1024;

function rowsToTable(
  read: ReadRow[],
  headerRow: number,
  lastRow: number,
  firstCol: number,
  lastCol: number,
  keepRows = true,
  sampleRows = 0,
): { headers: Cell[]; rows: Cell[][] } {
  const width = lastCol - firstCol + 1;
  // Rows are as wide as the table, blank cells null; but a used range wider than any real table (one stray value
  // at XFD) is read sparsely: each row holds its cells up to its last one, so the stray costs one cell, not a
  // 16,384-wide grid per row.
  const sparse = width > SPARSE_WIDTH;
  const shape = (cells: Cell[] | undefined, full = !sparse): Cell[] => {
    const out: Cell[] = !cells
      ? []
      : firstCol === 0 && cells.length <= width
        ? cells
        : cells.slice(firstCol, lastCol + 1);
    const to = full ? width : out.length;
    for (let i = 0; i < to; i++) if (out[i] === undefined) out[i] = null;
    out.length = to;
    return out;
  };
  const headerCells = (cells: Cell[] | undefined) => shape(cells, true);
  let headers: Cell[] = headerCells(undefined);
  const rows: Cell[][] = [];
  let expect = headerRow + 1;
  for (const r of read) {
    if (r.row < headerRow || r.row > lastRow) continue;
    if (r.row === headerRow) {
      headers = headerCells(r.cells);
      if (!keepRows && sampleRows === 0) break;
      continue;
    }
    if (!keepRows && r.row > headerRow + sampleRows) break;
    for (; expect < r.row; expect++) rows.push(shape(undefined));
    rows.push(shape(r.cells));
    expect = r.row + 1;
  }
  if (keepRows) for (; expect <= lastRow; expect++) rows.push(shape(undefined));
  return { headers, rows };
}

function firstTable(pkg: WorkbookPackage): { sheet: SheetInfo; table: TableInfo } | undefined {
  for (const sheet of pkg.sheets) {
    if (sheet.kind !== "worksheet") continue;
    const table = tablesOfSheet(pkg, sheet)[0];
    if (table) return { sheet, table };
  }
  return undefined;
}

/** The table of that name on the sheet, or anywhere in the workbook; an error listing the tables otherwise. */
function namedTable(
  pkg: WorkbookPackage,
  name: string,
  sheetName: string | undefined,
): { sheet: SheetInfo; table: TableInfo } {
  const sheets =
    sheetName !== undefined
      ? [requireWorksheet(pkg, sheetName)]
      : pkg.sheets.filter((s) => s.kind === "worksheet");
  const all: string[] = [];
  for (const sheet of sheets) {
    const tables = tablesOfSheet(pkg, sheet);
    const table = findTableByName(tables, name);
    if (table) return { sheet, table };
    all.push(...tables.map((t) => t.displayName));
  }
  if (sheetName !== undefined) throw fileError("file.tableNotFound", { sheet: sheets[0].name, table: name });
  throw fileError("file.tableNotInWorkbook", { table: name, tables: all });
}

/**
 * Finds the opportunity table: the first Excel table on the given sheet (or in the workbook), else the used range
 * of the sheet (or the first worksheet) with its first row of two or more values as the header row.
 */
export function readTable(book: Book, opts: ReadOptions = {}): SheetTable {
  const { pkg } = book;
  let sheet: SheetInfo;
  let table: TableInfo | undefined;
  if (opts.table !== undefined) {
    ({ sheet, table } = namedTable(pkg, opts.table, opts.sheet));
  } else if (opts.sheet !== undefined) {
    sheet = requireWorksheet(pkg, opts.sheet);
    table = tablesOfSheet(pkg, sheet)[0];
  } else {
    const found = firstTable(pkg);
    sheet = found ? found.sheet : firstWorksheet(pkg);
    table = found?.table;
  }
  const ctx = cellContext(book, sheet);
  const marker = opts.marker === undefined ? undefined : markerRange(pkg.workbookXml, sheet, opts.marker);
  let result: SheetTable;
  if (table) {
    if (table.headerRowCount === 0) {
      throw fileError("file.noHeaderRow", { sheet: sheet.name, table: table.displayName });
    }
    const headerRow = table.ref.r0;
    const lastRow = Math.max(headerRow, table.ref.r1 - table.totalsRowCount);
    const { c0: firstCol, c1: lastCol } = table.ref;
    const read = readSheetRows(book, sheet, ctx, {
      r0: headerRow,
      r1: opts.keepRows === false ? Math.min(lastRow, headerRow + (opts.sampleRows ?? 0)) : lastRow,
      c0: firstCol,
      c1: lastCol,
    });
    const { headers, rows } = rowsToTable(
      read,
      headerRow,
      lastRow,
      firstCol,
      lastCol,
      opts.keepRows !== false,
      opts.sampleRows,
    );
    headers.forEach((h, i) => {
      if (isBlank(h) && table.columns[i]) headers[i] = table.columns[i].name;
    });
    result = {
      sheetName: sheet.name,
      tableName: table.displayName,
      headerRow,
      firstCol,
      lastCol,
      lastRow,
      headers,
      rows,
    };
  } else {
    // The header row is the first row of two or more values, else the first of one: which, is known at the end.
    // So both candidates are followed, each with the bounds of the rows below it, and only the rows a caller may
    // need are kept: all of them with keepRows; otherwise the candidates and the sample below each. A million-row
    // sheet is then scanned for its bounds without an object left per row.
    const keepAll = opts.keepRows !== false;
    const sampleRows = opts.sampleRows ?? 0;
    const below = () => ({ firstCol: Infinity, lastCol: -1, lastRow: -1 });
    let one: ReadRow | null = null;
    let two: ReadRow | null = null;
    const belowOne = below();
    const belowTwo = below();
    const widen = (b: ReturnType<typeof below>, r: ReadRow) => {
      if (r.minCol < b.firstCol) b.firstCol = r.minCol;
      if (r.maxCol > b.lastCol) b.lastCol = r.maxCol;
      b.lastRow = r.row;
    };
    const visit = (r: ReadRow): ReadRow | null => {
      if (r.count > 0) {
        if (one && r.row > one.row) widen(belowOne, r);
        if (two && r.row > two.row) widen(belowTwo, r);
      }
      const candidate = (!one && r.count >= 1) || (!two && r.count >= 2);
      if (!one && r.count >= 1) one = r;
      if (!two && r.count >= 2) two = r;
      if (keepAll || candidate) return r;
      const inSample = (c: ReadRow | null) => c !== null && r.row <= c.row + sampleRows;
      return inSample(one) || inSample(two) ? r : null;
    };
    const read = readSheetRows(book, sheet, ctx, undefined, visit);
    const header = (two ?? one) as ReadRow | null;
    if (!header) throw fileError("file.noHeaderRow", { sheet: sheet.name });
    const b = header === two ? belowTwo : belowOne;
    const firstCol = Math.min(header.minCol, b.firstCol);
    const lastCol = Math.max(header.maxCol, b.lastCol);
    const lastRow = b.lastRow >= 0 ? b.lastRow : header.row;
    const { headers, rows } = rowsToTable(
      read,
      header.row,
      lastRow,
      firstCol,
      lastCol,
      opts.keepRows !== false,
      opts.sampleRows,
    );
    result = { sheetName: sheet.name, headerRow: header.row, firstCol, lastCol, lastRow, headers, rows };
  }
  if (marker && marker.r0 === result.headerRow) result.marker = marker;
  return result;
}

/**
 * Hands each data row of a table (read with keepRows: false) to `take`, streaming the sheet so its rows are never
 * all held: `index` counts from the first data row; cells run from firstCol to lastCol, blanks null. Rows absent
 * from the file are not handed over.
 */
export function eachTableRow(
  book: Book,
  table: SheetTable,
  take: (index: number, cells: Cell[]) => void,
): void {
  const sheet = requireWorksheet(book.pkg, table.sheetName);
  const firstDataRow = table.headerRow + 1;
  if (firstDataRow > table.lastRow) return;
  let reader: RowReader | undefined;
  let done = false;
  streamSheetData((onPiece) => book.pkg.sheetPieces(sheet.path, onPiece), sheet.name, {
    head: (_head, _openTag, prefix) => {
      const bounds = { r0: firstDataRow, r1: table.lastRow, c0: table.firstCol, c1: table.lastCol };
      reader = createRowReader(prefix, cellContext(book, sheet), bounds);
    },
    rows: (block) => {
      if (done) return;
      done = reader!.block(block);
      for (const r of reader!.rows.splice(0)) {
        const cells = r.cells.slice(table.firstCol, table.lastCol + 1);
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
        take(r.row - firstDataRow, cells);
      }
    },
    tail: () => undefined,
  });
}
