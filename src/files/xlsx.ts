// The xlsx adapter's public face: list sheets, read the opportunity table, and write output columns into a copy
// of the workbook that changes only the target sheet (plus the few parts the new formatting needs) and carries
// every other part over byte-for-byte. Pure TypeScript on Uint8Array, so it runs in Node and in the browser.

import type { Cell, Verdict } from "../model/types";
import {
  absoluteRangeRef,
  colToLetters,
  MAX_COL,
  MAX_ROW,
  parseRangeRef,
  parseSqref,
  quoteSheetName,
  rangeRef,
  rangesOverlap,
  unionRange,
  type RangeRef,
} from "./cellRef";
import { FILTER_DATABASE_NAME, markerRange, OUTPUT_MARKER_NAME, replaceDefinedNames } from "./definedNames";
import { FileFormatError } from "./errors";
import {
  findSheet,
  firstWorksheet,
  openPackage,
  partText,
  relOfType,
  relsPathOf,
  requireWorksheet,
  type SheetInfo,
  type WorkbookPackage,
} from "./package";
import { parseSharedStrings } from "./sharedStrings";
import { isBlank, readRows, type CellContext, type ReadRow } from "./sheetRead";
import { headerFirstCol, lastDataRow, outputRegion, rewriteSheetData, type OutputLayout } from "./sheetWrite";
import { argb, dateStyleIndexes, dxfXml, ensureDxfs, MINIMAL_STYLES_XML } from "./styles";
import { findTableByName, tablesOfSheet, uniqueColumnNames, widenTable, type TableInfo } from "./tables";
import {
  childElements,
  escapeText,
  findElement,
  getAttr,
  insertInOrder,
  setAttr,
  startTagOf,
  type XmlElement,
} from "./xml";
import { locateSheetData, sheetHeadTail, type SheetPart } from "./sheetPart";
import {
  compressParts,
  getEntry,
  readEntry,
  writeZip,
  type EntryContent,
  type NewEntry,
  type ZipCodec,
} from "./zip";

export { FileFormatError } from "./errors";
export { fflateCodec, type ZipCodec } from "./zip";
export { OUTPUT_MARKER_NAME } from "./definedNames";

/** Columns an earlier run wrote on a sheet (1-based), as recorded by the marker name. */
export interface OwnColumns {
  headerRow: number;
  firstCol: number;
  lastCol: number;
}

/** The opportunity table found in a workbook. Rows and columns are 1-based sheet positions. */
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
  /** 1-based first output column. */
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
  /** 1-based first column of the data, for the autofilter range; defaults to the header row's first cell. */
  firstCol?: number;
}

/** Excel's own Good / Neutral / Bad cell colours. */
export const DEFAULT_VERDICT_COLORS: Record<Verdict, VerdictColor> = {
  Qualified: { fill: "C6EFCE", font: "006100" },
  Conditional: { fill: "FFEB9C", font: "9C5700" },
  "Not qualified": { fill: "FFC7CE", font: "9C0006" },
};

/** Green (low) to yellow to red (high): for a column where higher is worse, like risk. */
export const DEFAULT_COLOR_SCALE: [string, string, string] = ["63BE7B", "FFEB84", "F8696B"];

/** Options for reading and writing. */
export interface XlsxOptions {
  /** DEFLATE implementation; defaults to fflate (pure JS). Node callers may pass native zlib for speed. */
  codec?: ZipCodec;
}

export interface ReadOptions extends XlsxOptions {
  /** The sheet to read; by default the first Excel table in the workbook, else the first worksheet. */
  sheet?: string;
}

// The sheet last read from a workbook, kept (weakly, by the caller's byte array) so that writing results right
// after reading does not inflate a large sheet twice. Callers must not mutate `data` in between.
const sheetCache = new WeakMap<Uint8Array, { path: string; crc: number; offset: number; part: SheetPart }>();

function loadSheet(
  pkg: WorkbookPackage,
  data: Uint8Array,
  sheet: SheetInfo,
  codec: ZipCodec | undefined,
): SheetPart {
  const entry = getEntry(pkg.zip, sheet.path);
  if (!entry) throw new FileFormatError(`sheet '${sheet.name}' is missing its part ${sheet.path}`);
  const cached = sheetCache.get(data);
  if (
    cached &&
    cached.path === sheet.path &&
    cached.crc === entry.crc &&
    cached.offset === entry.localOffset
  ) {
    return cached.part;
  }
  const part = locateSheetData(readEntry(pkg.zip, entry, codec), sheet.name);
  sheetCache.set(data, { path: sheet.path, crc: entry.crc, offset: entry.localOffset, part });
  return part;
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
  return r ? { headerRow: r.top, firstCol: r.left, lastCol: r.right } : undefined;
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
      cells && firstCol === 1 && cells.length <= width ? cells : (cells?.slice(firstCol - 1, lastCol) ?? []);
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
  const part = loadSheet(pkg, data, sheet, opts.codec);
  const own = ownColumnsOf(pkg, sheet);
  let result: SheetTable;
  if (table) {
    if (table.headerRowCount === 0) {
      throw new FileFormatError(`table '${table.displayName}' on sheet '${sheet.name}' has no header row`);
    }
    const headerRow = table.ref.top;
    const lastRow = Math.max(headerRow, table.ref.bottom - table.totalsRowCount);
    const { left: firstCol, right: lastCol } = table.ref;
    const read = readRows(part, ctx, { top: headerRow, bottom: lastRow, left: firstCol, right: lastCol });
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
    const read = readRows(part, ctx);
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

// ECMA-376 CT_Worksheet child order.
const WORKSHEET_ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

const STYLES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const STYLES_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";

function validateTarget(t: WriteTarget): void {
  const bad = (why: string) => new RangeError(`writeOutputColumns: ${why}`);
  if (!Number.isInteger(t.headerRow) || t.headerRow < 1)
    throw bad(`headerRow ${t.headerRow} is not a row number`);
  if (!Number.isInteger(t.firstDataRow) || t.firstDataRow <= t.headerRow) {
    throw bad(`firstDataRow ${t.firstDataRow} must come after headerRow ${t.headerRow}`);
  }
  if (!Number.isInteger(t.startCol) || t.startCol < 1)
    throw bad(`startCol ${t.startCol} is not a column number`);
  if (t.headers.length === 0) throw bad("no headers");
  if (t.startCol + t.headers.length - 1 > MAX_COL) {
    throw new FileFormatError(`sheet '${t.sheetName}' has no room for ${t.headers.length} output columns`);
  }
  if (t.firstDataRow + t.rows.length - 1 > MAX_ROW) {
    throw new FileFormatError(`sheet '${t.sheetName}' cannot hold ${t.rows.length} rows`);
  }
}

/** Worksheet text with <sheetData> swapped for a short placeholder, so other edits work on a small string. */
function skeletonOf(part: SheetPart): { skeleton: string; placeholder: string } {
  const placeholder = `<${part.prefix}sheetData/>`;
  const { head, tail } = sheetHeadTail(part);
  return { skeleton: head + placeholder + tail, placeholder };
}

function worksheetRoot(xml: string, sheetName: string): XmlElement {
  const root = findElement(xml, "worksheet");
  if (!root || root.selfClosing) throw new FileFormatError(`sheet '${sheetName}' is not a worksheet part`);
  return root;
}

function children(xml: string, sheetName: string): XmlElement[] {
  return childElements(xml, worksheetRoot(xml, sheetName));
}

function upsertChild(xml: string, sheetName: string, local: string, newXml: string): string {
  const existing = children(xml, sheetName).find((c) => c.local === local);
  if (existing) return xml.slice(0, existing.start) + newXml + xml.slice(existing.end);
  return insertInOrder(xml, worksheetRoot(xml, sheetName), local, newXml, WORKSHEET_ORDER);
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
  const cols = `${colToLetters(startCol)}:${colToLetters(endCol)}`;

  // Tables: the data's own table is widened; any other table in the way stops the write.
  const tables = tablesOfSheet(pkg, sheet);
  let table: TableInfo | undefined;
  if (target.tableName !== undefined) {
    table = findTableByName(tables, target.tableName);
    if (!table) throw new FileFormatError(`table '${target.tableName}' not found on sheet '${sheet.name}'`);
  } else {
    table = tables.find(
      (t) => t.ref.top === headerRow && t.ref.left < startCol && t.ref.right >= startCol - 1,
    );
  }
  if (table) {
    if (table.ref.top !== headerRow || table.headerRowCount === 0) {
      throw new FileFormatError(
        `table '${table.displayName}' on sheet '${sheet.name}' does not have its header on row ${headerRow}`,
      );
    }
    if (startCol <= table.ref.left || startCol > table.ref.right + 1) {
      throw new FileFormatError(
        `output columns ${cols} must start right after table '${table.displayName}' (${rangeRef(table.ref)}) on sheet '${sheet.name}'`,
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
    if (t !== table && rangesOverlap(t.ref, region)) {
      throw new FileFormatError(
        `output columns ${cols} on sheet '${sheet.name}' would overlap table '${t.displayName}' (${rangeRef(t.ref)})`,
      );
    }
  }

  const part = loadSheet(pkg, data, sheet, opts.codec);
  // The write is the end of the read-score-write pipeline: let the cached sheet go with this call.
  sheetCache.delete(data);
  const { skeleton: initial, placeholder } = skeletonOf(part);
  let skeleton = initial;
  for (const mc of children(skeleton, sheet.name).filter((c) => c.local === "mergeCells")) {
    for (const m of childElements(skeleton, mc)) {
      const r = parseRangeRef(getAttr(m.attrs, "ref") ?? "");
      if (r && rangesOverlap(r, region)) {
        throw new FileFormatError(
          `sheet '${sheet.name}' has merged cells ${rangeRef(r)} in the output columns ${cols}`,
        );
      }
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
  const p = part.prefix;

  // Conditional formatting: verdict colours and a colour scale, with dxfs reused when already present.
  const verdictColors = target.verdictColors ?? DEFAULT_VERDICT_COLORS;
  const verdictEntries = Object.entries(verdictColors);
  const verdictIdx = target.verdictColumn ?? Math.max(0, target.headers.indexOf("Verdict"));
  const scaleIdx =
    target.colorScaleColumn === undefined ? target.headers.indexOf("Risk") : target.colorScaleColumn;
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

  // Drop the conditional formats an earlier run added (ours: inside the output columns, verdict or scale rules).
  const ownSpan = (r: RangeRef) =>
    (r.left >= startCol && r.right <= endCol) || (!!own && r.left >= own.firstCol && r.right <= own.lastCol);
  const oursCf = children(skeleton, sheet.name).filter((c) => {
    if (c.local !== "conditionalFormatting") return false;
    const ranges = parseSqref(getAttr(c.attrs, "sqref") ?? "");
    if (ranges.length === 0 || !ranges.every(ownSpan)) return false;
    const rules = c.selfClosing ? [] : childElements(skeleton, c);
    return rules.every((r) => {
      const type = getAttr(r.attrs, "type");
      return (
        type === "colorScale" || (type === "cellIs" && dxfIds.includes(Number(getAttr(r.attrs, "dxfId"))))
      );
    });
  });
  for (let i = oursCf.length - 1; i >= 0; i--)
    skeleton = skeleton.slice(0, oursCf[i].start) + skeleton.slice(oursCf[i].end);

  let priority = 0;
  for (const m of skeleton.matchAll(/\spriority\s*=\s*["'](\d+)/g))
    priority = Math.max(priority, Number(m[1]));
  const hasData = target.rows.length > 0;
  const dataCol = (i: number): string =>
    rangeRef({ top: firstDataRow, bottom: lastRow, left: startCol + i, right: startCol + i });
  const cfBlocks: string[] = [];
  if (hasData && verdictEntries.length > 0 && verdictIdx < target.headers.length) {
    const rules = verdictEntries
      .map(([text], k) => {
        const formula = escapeText(`"${text.replace(/"/g, '""')}"`);
        return `<${p}cfRule type="cellIs" dxfId="${dxfIds[k]}" priority="${++priority}" operator="equal"><${p}formula>${formula}</${p}formula></${p}cfRule>`;
      })
      .join("");
    cfBlocks.push(
      `<${p}conditionalFormatting sqref="${dataCol(verdictIdx)}">${rules}</${p}conditionalFormatting>`,
    );
  }
  if (hasData && scaleIdx !== null && scaleIdx >= 0 && scaleIdx < target.headers.length) {
    const [lo, mid, hi] = (target.colorScaleColors ?? DEFAULT_COLOR_SCALE).map(argb);
    cfBlocks.push(
      `<${p}conditionalFormatting sqref="${dataCol(scaleIdx)}"><${p}cfRule type="colorScale" priority="${++priority}">` +
        `<${p}colorScale><${p}cfvo type="min"/><${p}cfvo type="percentile" val="50"/><${p}cfvo type="max"/>` +
        `<${p}color rgb="${lo}"/><${p}color rgb="${mid}"/><${p}color rgb="${hi}"/></${p}colorScale></${p}cfRule></${p}conditionalFormatting>`,
    );
  }
  if (cfBlocks.length > 0) {
    skeleton = insertInOrder(
      skeleton,
      worksheetRoot(skeleton, sheet.name),
      "conditionalFormatting",
      cfBlocks.join(""),
      WORKSHEET_ORDER,
    );
  }

  // Autofilter over data and output columns: the table's own when the data is a table, else the sheet's.
  const firstCol =
    target.firstCol ?? (table ? table.ref.left : headerFirstCol(part, headerRow, startCol) || startCol);
  const filterRange: RangeRef = {
    top: headerRow,
    bottom: lastRow,
    left: Math.min(firstCol, startCol),
    right: endCol,
  };
  let sheetFilter = false;
  if (table) {
    replace.set(table.path, widenTable(table, startCol, layout.headers));
  } else if (!tables.some((t) => rangesOverlap(t.ref, filterRange))) {
    const existing = children(skeleton, sheet.name).find((c) => c.local === "autoFilter");
    const oldRef = existing ? parseRangeRef(getAttr(existing.attrs, "ref") ?? "") : undefined;
    const ref = rangeRef(filterRange);
    if (existing && oldRef && oldRef.left === filterRange.left) {
      skeleton =
        skeleton.slice(0, existing.start) +
        setAttr(startTagOf(skeleton, existing), "ref", ref) +
        skeleton.slice(existing.openEnd);
    } else {
      skeleton = upsertChild(skeleton, sheet.name, "autoFilter", `<${p}autoFilter ref="${ref}"/>`);
    }
    sheetFilter = true;
  }

  // Dimension: the used range now reaches the output columns.
  const dim = children(skeleton, sheet.name).find((c) => c.local === "dimension");
  const oldDim = dim ? parseRangeRef(getAttr(dim.attrs, "ref") ?? "") : undefined;
  const newDim = rangeRef(oldDim ? unionRange(oldDim, filterRange) : unionRange(filterRange, region));
  skeleton = dim
    ? skeleton.slice(0, dim.start) +
      setAttr(startTagOf(skeleton, dim), "ref", newDim) +
      skeleton.slice(dim.openEnd)
    : insertInOrder(
        skeleton,
        worksheetRoot(skeleton, sheet.name),
        "dimension",
        `<${p}dimension ref="${newDim}"/>`,
        WORKSHEET_ORDER,
      );

  // The sheet is compressed first, as it is produced; its rewrite also reports replaced formula cells.
  const cut = skeleton.indexOf(placeholder);
  const { deflated, result: edit } = compressParts((out) => {
    out.text(skeleton.slice(0, cut));
    const r = rewriteSheetData(part, layout, sharedStrings, out);
    out.text(skeleton.slice(cut + placeholder.length));
    return r;
  }, opts.codec);
  replace.set(sheet.path, deflated);

  // Styles: the part is replaced only when dxfs were added; a workbook without one gets a minimal part.
  if (newStyles !== undefined && oldStyles !== undefined) replace.set(stylesPath, newStyles);
  else if (newStyles !== undefined) addStylesPart(pkg, stylesPath, newStyles, replace, add);

  // Defined names: the marker (one per sheet) and, with a sheet autofilter, Excel's hidden filter range name.
  const sheetRef = quoteSheetName(sheet.name) + "!";
  const refersToSheet = (value: string) =>
    value.trim().toLowerCase().startsWith(sheetRef.toLowerCase()) ||
    value
      .trim()
      .toLowerCase()
      .startsWith(sheet.name.toLowerCase() + "!");
  const workbookXml = replaceDefinedNames(
    pkg.workbookXml,
    (dn) =>
      (dn.name === OUTPUT_MARKER_NAME &&
        (dn.localSheetId === sheet.index || (dn.localSheetId === undefined && refersToSheet(dn.value)))) ||
      (sheetFilter && dn.name === FILTER_DATABASE_NAME && dn.localSheetId === sheet.index),
    [
      {
        name: OUTPUT_MARKER_NAME,
        localSheetId: sheet.index,
        value:
          sheetRef + absoluteRangeRef({ top: headerRow, bottom: headerRow, left: startCol, right: endCol }),
      },
      ...(sheetFilter
        ? [
            {
              name: FILTER_DATABASE_NAME,
              localSheetId: sheet.index,
              hidden: true,
              value: sheetRef + absoluteRangeRef(filterRange),
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

function addStylesPart(
  pkg: WorkbookPackage,
  path: string,
  xml: string,
  replace: Map<string, EntryContent>,
  add: NewEntry[],
): void {
  add.push({ name: path, content: xml });
  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml = partText(pkg.zip, relsPath);
  const ids = new Set(pkg.workbookRels.map((r) => r.id));
  let n = ids.size + 1;
  while (ids.has(`rId${n}`)) n++;
  const rel = `<Relationship Id="rId${n}" Type="${STYLES_REL_TYPE}" Target="/${path}"/>`;
  if (relsXml) replace.set(relsPath, relsXml.replace(/<\/Relationships>\s*$/, `${rel}</Relationships>`));
  const ct = partText(pkg.zip, "[Content_Types].xml");
  if (ct && !ct.toLowerCase().includes(`partname="/${path.toLowerCase()}"`)) {
    replace.set(
      "[Content_Types].xml",
      ct.replace(
        /<\/Types>\s*$/,
        `<Override PartName="/${path}" ContentType="${STYLES_CONTENT_TYPE}"/></Types>`,
      ),
    );
  }
}

/** Removes calcChain entries for cells that no longer hold formulas; an emptied chain is removed with its links. */
function dropCalcChainEntries(
  pkg: WorkbookPackage,
  sheet: SheetInfo,
  cells: string[],
  replace: Map<string, EntryContent>,
  remove: Set<string>,
): void {
  const rel = relOfType(pkg.workbookRels, "/calcChain");
  if (!rel) return;
  const xml = partText(pkg.zip, rel.target);
  if (xml === undefined) return;
  const root = findElement(xml, "calcChain");
  if (!root || root.selfClosing) return;
  const gone = new Set(cells);
  let sheetId = "";
  let kept = 0;
  const out: string[] = [xml.slice(0, root.openEnd)];
  for (const c of childElements(xml, root)) {
    const i = getAttr(c.attrs, "i");
    if (i !== undefined) sheetId = i;
    const r = getAttr(c.attrs, "r") ?? "";
    if (sheetId === sheet.sheetId && gone.has(r)) continue;
    let tag = xml.slice(c.start, c.end);
    if (i === undefined) tag = setAttr(tag, "i", sheetId);
    out.push(tag);
    kept++;
  }
  out.push(xml.slice(root.closeStart));
  if (kept > 0) {
    replace.set(rel.target, out.join(""));
    return;
  }
  remove.add(rel.target);
  const relsPath = relsPathOf(pkg.workbookPath);
  const relsXml = partText(pkg.zip, relsPath);
  if (relsXml) {
    const relEl = findRelationshipElement(relsXml, rel.id);
    if (relEl) replace.set(relsPath, relsXml.slice(0, relEl.start) + relsXml.slice(relEl.end));
  }
  const ct = partText(pkg.zip, "[Content_Types].xml");
  if (ct) {
    const types = findElement(ct, "Types");
    const override = types
      ? childElements(ct, types).find(
          (o) => (getAttr(o.attrs, "PartName") ?? "").toLowerCase() === `/${rel.target.toLowerCase()}`,
        )
      : undefined;
    if (override) replace.set("[Content_Types].xml", ct.slice(0, override.start) + ct.slice(override.end));
  }
}

function findRelationshipElement(xml: string, id: string): XmlElement | undefined {
  const root = findElement(xml, "Relationships");
  if (!root || root.selfClosing) return undefined;
  return childElements(xml, root).find((r) => getAttr(r.attrs, "Id") === id);
}
