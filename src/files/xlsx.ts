// The xlsx adapter's public face: list sheets, read the opportunity table, and write output columns into a copy
// of the workbook that changes only the target sheet (plus the few parts the new formatting needs) and carries
// every other part over byte-for-byte. Pure TypeScript on Uint8Array, so it runs in Node and in the browser.

import type { Cell, Verdict } from "../model";
import {
  columnLetters,
  formatBox,
  LAST_COL,
  LAST_ROW,
  overlaps,
  quoteSheet,
  splitSheet,
  union,
  type Box,
} from "../port/a1";
import {
  FILTER_DATABASE_NAME,
  markerRange,
  OUTPUT_MARKER_COMMENT,
  OUTPUT_MARKER_NAME,
  replaceDefinedNames,
} from "./definedNames";
import { FileFormatError } from "./errors";
import {
  findSheet,
  firstWorksheet,
  openPackage,
  partText,
  relOfType,
  requireWorksheet,
  type SheetInfo,
  type WorkbookPackage,
} from "./package";
import { parseSharedStrings } from "./sharedStrings";
import { createRowReader, isBlank, type CellContext, type ReadRow } from "./sheetRead";
import {
  createHeaderScanner,
  createRowRewriter,
  lastDataRow,
  outputRegion,
  type OutputLayout,
  type RowRewriter,
} from "./sheetWrite";
import { streamSheet } from "./sheetStream";
import { DEFAULT_COLOR_SCALE, editHead, editTail, type SheetEdits } from "./sheetEdits";
import { dropCalcChainEntries } from "./calcChain";
import { addStylesPart } from "./stylesPart";
import { dateStyleIndexes, dxfXml, ensureDxfs, MINIMAL_STYLES_XML } from "./styles";
import { findTableByName, tablesOfSheet, uniqueColumnNames, widenTable, type TableInfo } from "./tables";
import { compressParts, getEntry, writeZip, type EntryContent, type NewEntry, type ZipCodec } from "./zip";

export { FileFormatError } from "./errors";
export { createFflateCodec, fflateCodec, type ZipCodec } from "./zip";
export { OUTPUT_MARKER_NAME } from "./definedNames";

/** Columns an earlier run wrote on a sheet (0-based, as in src/port/a1), as recorded by the marker name. */
export interface OwnColumns {
  headerRow: number;
  firstCol: number;
  lastCol: number;
}

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
  /** One per sheet row from headerRow + 1 to lastRow, each lastCol - firstCol + 1 wide; blank cells are null. */
  rows: Cell[][];
  ownColumns?: OwnColumns;
}

export interface VerdictColor {
  /** Hex RGB fill, e.g. "C6EFCE". */
  fill: string;
  /** Hex RGB font colour. */
  font?: string;
}

export interface WriteTarget {
  sheetName: string;
  headerRow: number;
  firstDataRow: number;
  /** First output column (0-based). */
  startCol: number;
  headers: string[];
  /** One per data row, starting at firstDataRow. */
  rows: (string | number | null)[][];
  /** Fill per verdict text for the verdict column; defaults to DEFAULT_VERDICT_COLORS. */
  verdictColors?: { [text: string]: VerdictColor };
  /** 0-based index into headers of the verdict column; defaults to the header "Verdict", else 0. */
  verdictColumn?: number;
  /** 0-based index into headers for a 3-colour scale (low green, high red); defaults to "Risk"; null for none. */
  colorScaleColumn?: number | null;
  /** Colours of the scale's minimum, midpoint and maximum. */
  colorScaleColors?: [string, string, string];
  /** The Excel table holding the data, if any: it is widened to take in the output columns. */
  tableName?: string;
  /** First column of the data (0-based), for the autofilter range; defaults to the header row's first cell. */
  firstCol?: number;
}

/** Excel's own Good / Neutral / Bad cell colours. */
export const DEFAULT_VERDICT_COLORS: Record<Verdict, VerdictColor> = {
  Qualified: { fill: "C6EFCE", font: "006100" },
  Conditional: { fill: "FFEB9C", font: "9C5700" },
  "Not qualified": { fill: "FFC7CE", font: "9C0006" },
};

export { DEFAULT_COLOR_SCALE } from "./sheetEdits";

/** Options for reading and writing. */
export interface XlsxOptions {
  /** DEFLATE implementation; defaults to fflate (pure JS). Node callers may pass native zlib for speed. */
  codec?: ZipCodec;
}

export interface ReadOptions extends XlsxOptions {
  /** The sheet to read; by default the first Excel table in the workbook, else the first worksheet. */
  sheet?: string;
}

function sheetEntry(pkg: WorkbookPackage, sheet: SheetInfo) {
  const entry = getEntry(pkg.zip, sheet.path);
  if (!entry) throw new FileFormatError(`sheet '${sheet.name}' is missing its part ${sheet.path}`);
  return entry;
}

/** Reads a sheet's rows while it is inflated, stopping once past `bounds`. */
function readSheetRows(
  pkg: WorkbookPackage,
  sheet: SheetInfo,
  ctx: CellContext,
  codec: ZipCodec | undefined,
  bounds?: Box,
): ReadRow[] {
  let reader: ReturnType<typeof createRowReader> | undefined;
  streamSheet(
    pkg.zip,
    sheetEntry(pkg, sheet),
    sheet.name,
    {
      head: (_head, _open, prefix) => {
        reader = createRowReader(prefix, ctx, bounds);
      },
      rows: (block) => reader!.block(block),
      tail: () => undefined,
    },
    codec,
  );
  return reader?.rows ?? [];
}

export function listSheets(data: Uint8Array): string[] {
  return openPackage(data).sheets.map((s) => s.name);
}

function cellContext(pkg: WorkbookPackage, sheet: SheetInfo): CellContext {
  let sst: string[] | undefined;
  const ctx: CellContext = {
    sheetName: sheet.name,
    sharedStrings: () => {
      if (!sst) {
        const rel = relOfType(pkg.workbookRels, "/sharedStrings");
        const xml = partText(pkg.zip, rel ? rel.target : "xl/sharedStrings.xml");
        sst = xml ? parseSharedStrings(xml) : [];
      }
      return sst;
    },
  };
  if (pkg.date1904) {
    const rel = relOfType(pkg.workbookRels, "/styles");
    const styles = rel ? partText(pkg.zip, rel.target) : undefined;
    if (styles) ctx.date1904Styles = dateStyleIndexes(styles);
  }
  return ctx;
}

function ownColumnsOf(pkg: WorkbookPackage, sheet: SheetInfo): OwnColumns | undefined {
  const r = markerRange(pkg.workbookXml, pkg.sheets, sheet);
  return r ? { headerRow: r.r0, firstCol: r.c0, lastCol: r.c1 } : undefined;
}

/** Where an earlier run wrote its output columns on `sheetName`, or null when it left no marker there. */
export function findOwnColumns(data: Uint8Array, sheetName: string): OwnColumns | null {
  const pkg = openPackage(data);
  return ownColumnsOf(pkg, findSheet(pkg, sheetName)) ?? null;
}

function rowsToTable(
  read: ReadRow[],
  headerRow: number,
  lastRow: number,
  firstCol: number,
  lastCol: number,
): { headers: Cell[]; rows: Cell[][] } {
  const width = lastCol - firstCol + 1;
  const shape = (cells: Cell[] | undefined): Cell[] => {
    const out: Cell[] =
      cells && firstCol === 0 && cells.length <= width ? cells : (cells?.slice(firstCol, lastCol + 1) ?? []);
    for (let i = 0; i < width; i++) if (out[i] === undefined) out[i] = null;
    out.length = width;
    return out;
  };
  let headers: Cell[] = shape(undefined);
  const rows: Cell[][] = [];
  let expect = headerRow + 1;
  for (const r of read) {
    if (r.row < headerRow || r.row > lastRow) continue;
    if (r.row === headerRow) {
      headers = shape(r.cells);
      continue;
    }
    for (; expect < r.row; expect++) rows.push(shape(undefined));
    rows.push(shape(r.cells));
    expect = r.row + 1;
  }
  for (; expect <= lastRow; expect++) rows.push(shape(undefined));
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

/**
 * Finds the opportunity table: the first Excel table on the given sheet (or in the workbook), else the used range
 * of the sheet (or the first worksheet) with its first row of two or more values as the header row.
 */
export function readWorkbookTable(data: Uint8Array, opts: ReadOptions = {}): SheetTable {
  const pkg = openPackage(data);
  let sheet: SheetInfo;
  let table: TableInfo | undefined;
  if (opts.sheet !== undefined) {
    sheet = requireWorksheet(pkg, opts.sheet);
    table = tablesOfSheet(pkg, sheet)[0];
  } else {
    const found = firstTable(pkg);
    sheet = found ? found.sheet : firstWorksheet(pkg);
    table = found?.table;
  }
  const ctx = cellContext(pkg, sheet);
  const own = ownColumnsOf(pkg, sheet);
  let result: SheetTable;
  if (table) {
    if (table.headerRowCount === 0) {
      throw new FileFormatError(`table '${table.displayName}' on sheet '${sheet.name}' has no header row`);
    }
    const headerRow = table.ref.r0;
    const lastRow = Math.max(headerRow, table.ref.r1 - table.totalsRowCount);
    const { c0: firstCol, c1: lastCol } = table.ref;
    const read = readSheetRows(pkg, sheet, ctx, opts.codec, {
      r0: headerRow,
      r1: lastRow,
      c0: firstCol,
      c1: lastCol,
    });
    const { headers, rows } = rowsToTable(read, headerRow, lastRow, firstCol, lastCol);
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
    const read = readSheetRows(pkg, sheet, ctx, opts.codec);
    const multi = read.some((r) => r.count >= 2);
    const header = read.find((r) => r.count >= (multi ? 2 : 1));
    if (!header) throw new FileFormatError(`sheet '${sheet.name}' has no header row (it is empty)`);
    let firstCol = header.minCol;
    let lastCol = header.maxCol;
    let lastRow = header.row;
    for (const r of read) {
      if (r.row <= header.row || r.count === 0) continue;
      if (r.minCol < firstCol) firstCol = r.minCol;
      if (r.maxCol > lastCol) lastCol = r.maxCol;
      lastRow = r.row;
    }
    const { headers, rows } = rowsToTable(read, header.row, lastRow, firstCol, lastCol);
    result = { sheetName: sheet.name, headerRow: header.row, firstCol, lastCol, lastRow, headers, rows };
  }
  if (own && own.headerRow === result.headerRow) result.ownColumns = own;
  return result;
}

function validateTarget(t: WriteTarget): void {
  const bad = (why: string) => new RangeError(`writeOutputColumns: ${why}`);
  if (!Number.isInteger(t.headerRow) || t.headerRow < 0)
    throw bad(`headerRow ${t.headerRow} is not a row number`);
  if (!Number.isInteger(t.firstDataRow) || t.firstDataRow <= t.headerRow) {
    throw bad(`firstDataRow ${t.firstDataRow} must come after headerRow ${t.headerRow}`);
  }
  if (!Number.isInteger(t.startCol) || t.startCol < 0)
    throw bad(`startCol ${t.startCol} is not a column number`);
  if (t.headers.length === 0) throw bad("no headers");
  if (t.startCol + t.headers.length - 1 > LAST_COL) {
    throw new FileFormatError(`sheet '${t.sheetName}' has no room for ${t.headers.length} output columns`);
  }
  if (t.firstDataRow + t.rows.length - 1 > LAST_ROW) {
    throw new FileFormatError(`sheet '${t.sheetName}' cannot hold ${t.rows.length} rows`);
  }
}

/** The leftmost value in the header row left of the output columns, found by reading the sheet up to it. */
function headerFirstCol(
  pkg: WorkbookPackage,
  sheet: SheetInfo,
  headerRow: number,
  startCol: number,
  codec?: ZipCodec,
): number {
  let scanner: ReturnType<typeof createHeaderScanner> | undefined;
  streamSheet(
    pkg.zip,
    sheetEntry(pkg, sheet),
    sheet.name,
    {
      head: (_h, _o, prefix) => {
        scanner = createHeaderScanner(prefix, headerRow, startCol);
      },
      rows: (block) => scanner!.block(block),
      tail: () => undefined,
    },
    codec,
  );
  const first = scanner?.firstCol() ?? -1;
  return first >= 0 ? first : startCol;
}

/**
 * Writes the output columns into a copy of the workbook. Only the target sheet's part, styles.xml (dxfs),
 * workbook.xml (defined names), the data's table part and, when a replaced cell held a formula, calcChain.xml
 * change; every other zip entry keeps its stored bytes.
 */
export function writeOutputColumns(
  data: Uint8Array,
  target: WriteTarget,
  opts: XlsxOptions = {},
): Uint8Array {
  validateTarget(target);
  const pkg = openPackage(data);
  const sheet = requireWorksheet(pkg, target.sheetName);
  const own = ownColumnsOf(pkg, sheet);
  const { headerRow, firstDataRow, startCol } = target;
  const endCol = startCol + target.headers.length - 1;
  const layout: OutputLayout = {
    sheetName: sheet.name,
    headerRow,
    firstDataRow,
    startCol,
    headers: target.headers,
    rows: target.rows,
    ownCols: own && own.headerRow === headerRow ? own : undefined,
  };
  const region = outputRegion(layout);
  const lastRow = lastDataRow(layout);
  const cols = `${columnLetters(startCol)}:${columnLetters(endCol)}`;

  // Tables: the data's own table is widened; any other table in the way stops the write.
  const tables = tablesOfSheet(pkg, sheet);
  let table: TableInfo | undefined;
  if (target.tableName !== undefined) {
    table = findTableByName(tables, target.tableName);
    if (!table) throw new FileFormatError(`table '${target.tableName}' not found on sheet '${sheet.name}'`);
  } else {
    table = tables.find((t) => t.ref.r0 === headerRow && t.ref.c0 < startCol && t.ref.c1 >= startCol - 1);
  }
  if (table) {
    if (table.ref.r0 !== headerRow || table.headerRowCount === 0) {
      throw new FileFormatError(
        `table '${table.displayName}' on sheet '${sheet.name}' does not have its header on row ${headerRow + 1}`,
      );
    }
    if (startCol <= table.ref.c0 || startCol > table.ref.c1 + 1) {
      throw new FileFormatError(
        `output columns ${cols} must start right after table '${table.displayName}' (${formatBox(table.ref)}) on sheet '${sheet.name}'`,
      );
    }
    if (table.queryTable) {
      throw new FileFormatError(
        `table '${table.displayName}' on sheet '${sheet.name}' is linked to an external query; copy the data to a plain table first`,
      );
    }
    layout.headers = uniqueColumnNames(table, startCol, target.headers);
  }
  for (const t of tables) {
    if (t !== table && overlaps(t.ref, region)) {
      throw new FileFormatError(
        `output columns ${cols} on sheet '${sheet.name}' would overlap table '${t.displayName}' (${formatBox(t.ref)})`,
      );
    }
  }

  let sst: string[] | undefined;
  const sharedStrings = () => {
    if (!sst) {
      const rel = relOfType(pkg.workbookRels, "/sharedStrings");
      const x = rel ? partText(pkg.zip, rel.target) : undefined;
      sst = x ? parseSharedStrings(x) : [];
    }
    return sst;
  };

  const replace = new Map<string, EntryContent>();
  const add: NewEntry[] = [];
  const remove = new Set<string>();

  // Conditional formatting styles: dxfs for the verdict colours, reused when already present.
  const verdictColors = target.verdictColors ?? DEFAULT_VERDICT_COLORS;
  const verdictEntries = Object.entries(verdictColors);
  const stylesRel = relOfType(pkg.workbookRels, "/styles");
  const oldStyles = stylesRel ? partText(pkg.zip, stylesRel.target) : undefined;
  const stylesPath = stylesRel && oldStyles !== undefined ? stylesRel.target : "xl/styles.xml";
  let newStyles: string | undefined;
  let dxfIds: number[] = [];
  if (verdictEntries.length > 0) {
    const ensured = ensureDxfs(oldStyles ?? MINIMAL_STYLES_XML, (sp) =>
      verdictEntries.map(([, c]) => dxfXml(sp, c.fill, c.font)),
    );
    dxfIds = ensured.ids;
    if (oldStyles === undefined || ensured.xml !== oldStyles) newStyles = ensured.xml;
  }

  // Autofilter over data and output columns: the table's own when the data is a table, else the sheet's.
  const firstCol =
    target.firstCol ?? (table ? table.ref.c0 : headerFirstCol(pkg, sheet, headerRow, startCol, opts.codec));
  const filterRange: Box = { r0: headerRow, r1: lastRow, c0: Math.min(firstCol, startCol), c1: endCol };
  const sheetFilter = !table && !tables.some((t) => overlaps(t.ref, filterRange));
  if (table) replace.set(table.path, widenTable(table, startCol, layout.headers));

  const edits: SheetEdits = {
    sheetName: sheet.name,
    layout,
    own,
    verdicts: verdictEntries.map(([text], k) => ({ text, dxfId: dxfIds[k] })),
    verdictIdx: target.verdictColumn ?? Math.max(0, target.headers.indexOf("Verdict")),
    scaleIdx:
      target.colorScaleColumn === undefined ? target.headers.indexOf("Risk") : target.colorScaleColumn,
    scaleColors: target.colorScaleColors ?? DEFAULT_COLOR_SCALE,
    filterRange: sheetFilter ? filterRange : undefined,
    usedRange: union(filterRange, region),
  };
  // The sheet is rewritten as it is inflated and compressed as it is produced.
  const utf8 = new TextDecoder();
  const { deflated, result: edit } = compressParts((out) => {
    let prefix = "";
    let head = "";
    let rewriter: RowRewriter | undefined;
    let replacedFormulaCells: string[] = [];
    streamSheet(
      pkg.zip,
      sheetEntry(pkg, sheet),
      sheet.name,
      {
        head: (bytes, openTag, pfx, selfClosing) => {
          prefix = pfx;
          head = editHead(utf8.decode(bytes), pfx, edits);
          out.text(head);
          if (selfClosing) out.text(utf8.decode(openTag).replace(/\s*\/>$/, ">"));
          else out.bytes(openTag);
          rewriter = createRowRewriter(pfx, layout, sharedStrings, out);
        },
        rows: (block) => rewriter!.block(block),
        tail: (bytes) => {
          replacedFormulaCells = rewriter!.finish().replacedFormulaCells;
          out.text(`</${prefix}sheetData>`);
          out.text(editTail(head, utf8.decode(bytes), prefix, edits));
        },
      },
      opts.codec,
    );
    return { replacedFormulaCells };
  }, opts.codec);
  replace.set(sheet.path, deflated);

  // Styles: the part is replaced only when dxfs were added; a workbook without one gets a minimal part.
  if (newStyles !== undefined && oldStyles !== undefined) replace.set(stylesPath, newStyles);
  else if (newStyles !== undefined) addStylesPart(pkg, stylesPath, newStyles, replace, add);

  // Defined names: the marker (one per sheet) and, with a sheet autofilter, Excel's hidden filter range name.
  const sheetRef = quoteSheet(sheet.name) + "!";
  const refersToSheet = (value: string) =>
    splitSheet(value).sheet?.toLowerCase() === sheet.name.toLowerCase();
  const workbookXml = replaceDefinedNames(
    pkg.workbookXml,
    (dn) =>
      (dn.name === OUTPUT_MARKER_NAME &&
        (dn.localSheetId === sheet.index || (dn.localSheetId === undefined && refersToSheet(dn.value)))) ||
      (sheetFilter && dn.name === FILTER_DATABASE_NAME && dn.localSheetId === sheet.index),
    [
      {
        name: OUTPUT_MARKER_NAME,
        comment: OUTPUT_MARKER_COMMENT,
        hidden: true,
        localSheetId: sheet.index,
        value: sheetRef + formatBox({ r0: headerRow, r1: headerRow, c0: startCol, c1: endCol }, true),
      },
      ...(sheetFilter
        ? [
            {
              name: FILTER_DATABASE_NAME,
              localSheetId: sheet.index,
              hidden: true,
              value: sheetRef + formatBox(filterRange, true),
            },
          ]
        : []),
    ],
  );
  replace.set(pkg.workbookPath, workbookXml);

  if (edit.replacedFormulaCells.length > 0)
    dropCalcChainEntries(pkg, sheet, edit.replacedFormulaCells, replace, remove);
  return writeZip(pkg.zip, replace, add, remove, opts.codec);
}
