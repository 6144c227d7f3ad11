// Writing output columns beside a table: only the target sheet's part, the styles (dxfs), the workbook part
// (defined names), the data's table part and, when a replaced cell held a formula, the calc chain change; every
// other part keeps its stored bytes. What to write (headers, values, conditional formats, the marker's name) is the
// caller's: nothing here knows what the columns mean.

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
import type { Cell } from "../model";
import type { Book } from "./book";
import { dropCalcChainEntries } from "./calcChain";
import { FILTER_DATABASE_NAME, markerRange, replaceDefinedNames } from "./definedNames";
import { fileError } from "./errors";
import { relOfType, requireWorksheet, type SheetInfo } from "./package";
import { cellContext } from "./readTable";
import { streamSheetData } from "./sheetData";
import { createRowReader, type RowReader } from "./sheetRead";
import { editHead, editTail, type ScaleStop, type SheetEdits } from "./sheetEdits";
import {
  createHeaderScanner,
  createRowRewriter,
  lastDataRow,
  outputRegion,
  type OutputLayout,
} from "./sheetWrite";
import { dxfXml, ensureDxfs, ensureNumberStyles, MINIMAL_STYLES_XML } from "./styles";
import { addStylesPart } from "./stylesPart";
import { findTableByName, tablesOfSheet, uniqueColumnNames, widenTable, type TableInfo } from "./tables";
import { compressParts, type Deflated } from "./zip";

/** Colours cells of an output column that equal `equals`: a fill and an optional font colour (hex RGB, "#" optional). */
export interface CellRule {
  /** Index into OutputSpec.headers. */
  column: number;
  equals: string;
  fill: string;
  font?: string;
}

/** A three-colour scale on an output column: lowest stop first. */
export interface ColourScale {
  /** Index into OutputSpec.headers. */
  column: number;
  scale: readonly [ScaleStop, ScaleStop, ScaleStop];
}

export type ColumnFormat = CellRule | ColourScale;

export type { ScaleStop };

/** What to write: where (0-based sheet positions, src/port/a1), the headers and values, their formats and marker. */
export interface OutputSpec extends OutputLayout {
  /** Conditional formats of the output columns; an earlier write's formats there are replaced. */
  formats?: readonly ColumnFormat[];
  /** Built-in number formats ("0%", "#,##0") of output columns' data cells; index into headers. */
  numberFormats?: readonly { column: number; code: string }[];
  /**
   * The hidden, sheet-scoped defined name recording the output header cells, so the next write (and readTable)
   * knows these columns as the caller's own.
   */
  marker: { name: string; comment?: string };
  /** The Excel table holding the data, if any: it is widened to take in the output columns. */
  tableName?: string;
  /** First column of the data, for the autofilter range; defaults to the header row's first cell. */
  firstCol?: number;
  /**
   * For a caller that read the table without its rows (ReadOptions.keepRows false): each data row present in the
   * sheet is handed over as the sheet is rewritten, its cells in columns firstCol..lastCol by data row index
   * (0 = firstDataRow), before its outputs are asked for. Rows absent from the sheet are not handed over.
   */
  input?: { firstCol: number; lastCol: number; take(index: number, cells: Cell[]): void };
}

function validateSpec(t: OutputSpec): void {
  const bad = (why: string) => new RangeError(`writeOutputs: ${why}`);
  if (!Number.isInteger(t.headerRow) || t.headerRow < 0)
    throw bad(`headerRow ${t.headerRow} is not a row number`);
  if (!Number.isInteger(t.firstDataRow) || t.firstDataRow <= t.headerRow) {
    throw bad(`firstDataRow ${t.firstDataRow} must come after headerRow ${t.headerRow}`);
  }
  if (!Number.isInteger(t.startCol) || t.startCol < 0)
    throw bad(`startCol ${t.startCol} is not a column number`);
  if (t.headers.length === 0) throw bad("no headers");
  if (t.startCol + t.headers.length - 1 > LAST_COL) {
    throw fileError("file.noRoom", { sheet: t.sheetName, columns: t.headers.length });
  }
  if (t.firstDataRow + t.rows.length - 1 > LAST_ROW) {
    throw fileError("file.tooManyRows", { sheet: t.sheetName, rows: t.rows.length });
  }
}

/** The leftmost value in the header row left of the output columns. */
function headerFirstCol(book: Book, sheet: SheetInfo, headerRow: number, startCol: number): number {
  let scanner: ReturnType<typeof createHeaderScanner> | undefined;
  let found = false;
  streamSheetData((onPiece) => book.pkg.sheetPieces(sheet.path, onPiece), sheet.name, {
    head: (_head, _openTag, prefix) => {
      scanner = createHeaderScanner(sheet.name, prefix, headerRow, startCol);
    },
    rows: (block) => {
      if (!found) found = scanner!.block(block);
    },
    tail: () => undefined,
  });
  const first = scanner!.firstCol();
  return first >= 0 ? first : startCol;
}

/**
 * Rewrites the sheet as it is inflated, piece by piece, compressing as it goes: neither the sheet's XML nor the
 * new one is ever held whole.
 */
function rewriteSheet(
  book: Book,
  sheet: SheetInfo,
  layout: OutputLayout,
  edits: SheetEdits,
  input: OutputSpec["input"],
): { deflated: Deflated; replacedFormulaCells: string[] } {
  const utf8 = new TextDecoder();
  const { deflated, result } = compressParts((out) => {
    let head = "";
    let prefix = "";
    let rewriter: ReturnType<typeof createRowRewriter> | undefined;
    let reader: RowReader | undefined;
    let replaced: string[] = [];
    streamSheetData((onPiece) => book.pkg.sheetPieces(sheet.path, onPiece), sheet.name, {
      head: (headBytes, openTag, p, selfClosing) => {
        prefix = p;
        head = editHead(utf8.decode(headBytes), prefix, edits);
        out.text(head);
        if (selfClosing) out.text(utf8.decode(openTag).replace(/\s*\/>$/, ">"));
        else out.bytes(openTag);
        rewriter = createRowRewriter(prefix, layout, book.sharedStrings, out);
        if (input) {
          const bounds = {
            r0: layout.firstDataRow,
            r1: lastDataRow(layout),
            c0: input.firstCol,
            c1: input.lastCol,
          };
          reader = createRowReader(prefix, cellContext(book, sheet), bounds);
        }
      },
      rows: (block) => {
        if (reader && input) {
          reader.block(block);
          for (const r of reader.rows.splice(0)) {
            const cells = r.cells.slice(input.firstCol, input.lastCol + 1);
            for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
            input.take(r.row - layout.firstDataRow, cells);
          }
        }
        rewriter!.block(block);
      },
      tail: (tail) => {
        replaced = rewriter!.finish().replacedFormulaCells;
        out.text(`</${prefix}sheetData>`);
        out.text(editTail(head, utf8.decode(tail), prefix, edits));
      },
    });
    return replaced;
  }, book.codec);
  return { deflated, replacedFormulaCells: result };
}

/**
 * Writes the output columns into the book's package, all or nothing: a refusal (a user's data in the way, merged
 * cells, another table, a formula range) leaves the package as it was.
 */
export function writeOutputs(book: Book, spec: OutputSpec): void {
  validateSpec(spec);
  book.pkg.transaction(() => write(book, spec));
}

function write(book: Book, target: OutputSpec): void {
  const { pkg } = book;
  const sheet = requireWorksheet(pkg, target.sheetName);
  const marked = markerRange(pkg.workbookXml, sheet, target.marker.name);
  const own = marked ? { firstCol: marked.c0, lastCol: marked.c1 } : undefined;
  const { headerRow, firstDataRow, startCol } = target;
  const endCol = startCol + target.headers.length - 1;
  const layout: OutputLayout = {
    sheetName: sheet.name,
    headerRow,
    firstDataRow,
    startCol,
    headers: target.headers,
    rows: target.rows,
  };
  const region = outputRegion(layout);
  const lastRow = lastDataRow(layout);
  const cols = `${columnLetters(startCol)}:${columnLetters(endCol)}`;

  // Tables: the data's own table is widened; any other table in the way stops the write.
  const tables = tablesOfSheet(pkg, sheet);
  let table: TableInfo | undefined;
  if (target.tableName !== undefined) {
    table = findTableByName(tables, target.tableName);
    if (!table) throw fileError("file.tableNotFound", { sheet: sheet.name, table: target.tableName });
  } else {
    table = tables.find((t) => t.ref.r0 === headerRow && t.ref.c0 < startCol && t.ref.c1 >= startCol - 1);
  }
  if (table) {
    if (table.ref.r0 !== headerRow || table.headerRowCount === 0) {
      throw fileError("file.tableHeaderRow", {
        sheet: sheet.name,
        table: table.displayName,
        row: headerRow + 1,
      });
    }
    if (startCol <= table.ref.c0 || startCol > table.ref.c1 + 1) {
      throw fileError("file.tableNotAdjacent", {
        sheet: sheet.name,
        table: table.displayName,
        range: formatBox(table.ref),
        columns: cols,
      });
    }
    if (table.queryTable) {
      throw fileError("file.queryTable", { sheet: sheet.name, table: table.displayName });
    }
    layout.headers = uniqueColumnNames(table, startCol, target.headers);
  }
  for (const t of tables) {
    if (t !== table && overlaps(t.ref, region)) {
      throw fileError("file.tableOverlap", {
        sheet: sheet.name,
        table: t.displayName,
        range: formatBox(t.ref),
        columns: cols,
      });
    }
  }

  // Conditional formatting styles: a dxf per cell rule, reused when already present.
  const formats = target.formats ?? [];
  const rules = formats.filter((f): f is CellRule => "equals" in f);
  const scales = formats.filter((f): f is ColourScale => "scale" in f);
  const stylesRel = relOfType(pkg.workbookRels, "/styles");
  const oldStyles = stylesRel ? pkg.text(stylesRel.target) : undefined;
  const stylesPath = stylesRel && oldStyles !== undefined ? stylesRel.target : "xl/styles.xml";
  let newStyles: string | undefined;
  let dxfIds: number[] = [];
  if (rules.length > 0) {
    const ensured = ensureDxfs(stylesPath, oldStyles ?? MINIMAL_STYLES_XML, (sp) =>
      rules.map((r) => dxfXml(sp, r.fill, r.font)),
    );
    dxfIds = ensured.ids;
    if (oldStyles === undefined || ensured.xml !== oldStyles) newStyles = ensured.xml;
  }
  // Number formats: a cell format (xf) per code, reused when already present.
  const numberFormats = target.numberFormats ?? [];
  if (numberFormats.length > 0) {
    const from = newStyles ?? oldStyles ?? MINIMAL_STYLES_XML;
    const ensured = ensureNumberStyles(
      stylesPath,
      from,
      numberFormats.map((f) => f.code),
    );
    const dataStyles: (string | undefined)[] = target.headers.map(() => undefined);
    numberFormats.forEach((f, k) => (dataStyles[f.column] = String(ensured.ids[k])));
    layout.dataStyles = dataStyles;
    if (oldStyles === undefined || ensured.xml !== oldStyles) newStyles = ensured.xml;
  }

  // Autofilter over data and output columns: the table's own when the data is a table, else the sheet's.
  const firstCol =
    target.firstCol ?? (table ? table.ref.c0 : headerFirstCol(book, sheet, headerRow, startCol));
  const filterRange: Box = { r0: headerRow, r1: lastRow, c0: Math.min(firstCol, startCol), c1: endCol };
  const sheetFilter = !table && !tables.some((t) => overlaps(t.ref, filterRange));
  if (table) pkg.set(table.path, widenTable(table, startCol, layout.headers));

  const edits: SheetEdits = {
    sheetName: sheet.name,
    layout,
    own,
    rules: rules.map((r, k) => ({ column: r.column, equals: r.equals, dxfId: dxfIds[k] })),
    scales: scales.map((x) => ({ column: x.column, stops: x.scale })),
    filterRange: sheetFilter ? filterRange : undefined,
    usedRange: union(filterRange, region),
  };
  const { deflated, replacedFormulaCells } = rewriteSheet(book, sheet, layout, edits, target.input);
  pkg.set(sheet.path, deflated);

  // Styles: the part is replaced only when dxfs were added; a workbook without one gets a minimal part.
  if (newStyles !== undefined && oldStyles !== undefined) pkg.set(stylesPath, newStyles);
  else if (newStyles !== undefined) addStylesPart(pkg, stylesPath, newStyles);

  // Defined names: the marker (one per sheet) and, with a sheet autofilter, Excel's hidden filter range name.
  const sheetRef = quoteSheet(sheet.name) + "!";
  const refersToSheet = (value: string) =>
    splitSheet(value).sheet?.toLowerCase() === sheet.name.toLowerCase();
  const workbookXml = replaceDefinedNames(
    pkg.workbookPath,
    pkg.workbookXml,
    (dn) =>
      (dn.name === target.marker.name &&
        (dn.localSheetId === sheet.index || (dn.localSheetId === undefined && refersToSheet(dn.value)))) ||
      (sheetFilter && dn.name === FILTER_DATABASE_NAME && dn.localSheetId === sheet.index),
    [
      {
        name: target.marker.name,
        comment: target.marker.comment,
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
  pkg.set(pkg.workbookPath, workbookXml);
  if (replacedFormulaCells.length > 0) dropCalcChainEntries(pkg, sheet, replacedFormulaCells);
  pkg.refresh();
}
