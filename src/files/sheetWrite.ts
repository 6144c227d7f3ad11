// Rewriting a worksheet's <sheetData> with output columns: cells in those columns on the header and data rows are
// replaced, everything else is passed on as byte slices of the original part. The result is emitted piece by
// piece to a sink that compresses as it goes, so no second copy of a large sheet is ever held. Rows and columns
// count from 0 (src/port/a1); only the r attributes written into the XML count from 1.

import {
  cellAddress,
  columnIndex,
  columnLetters,
  contains,
  formatBox,
  overlaps,
  parseRange,
  type Box,
} from "../port/a1";
import * as bytesLib from "./bytes";
import type { OutputValue } from "../port/output-cells";
import { fileError } from "./errors";
import { stringItemText } from "./sharedStrings";
import type { Emitter } from "./zip";
import * as xmlLib from "./xml";

// Imported functions become property getters when TypeScript is run as CommonJS (tsx); the per-cell loops below
// call local bindings taken once at load.
const { ascii, attrValueAt, columnAt, decodeRange, isNameEndByte, indexOfSeq, lastIndexOfSeq } = bytesLib;
const { decodeCellText, escapeCellText, findElement, getAttr, setAttr } = xmlLib;

/** Where output columns go (0-based sheet positions) and what they hold. */
export interface OutputLayout {
  sheetName: string;
  headerRow: number;
  firstDataRow: number;
  /** First output column. */
  startCol: number;
  headers: string[];
  /**
   * One per data row, starting at firstDataRow: an array, or any source that gives row i when asked. Rows are
   * asked for once each, in order, so a caller may work them out as the sheet is written and keep none.
   */
  rows: OutputRows;
  /** Per output column, the style (cellXfs index) of new data cells, e.g. a number format; none: General. */
  dataStyles?: readonly (string | undefined)[];
}

/** Output rows: an array of them, or a source that hands them over in order (at(0), at(1), …). */
export interface OutputRows {
  readonly length: number;
  at(index: number): readonly OutputValue[] | undefined;
}

/** Excel's limit on the characters in one cell. */
const MAX_CELL_CHARS = 32767;

export function lastDataRow(layout: OutputLayout): number {
  return Math.max(layout.headerRow, layout.firstDataRow + layout.rows.length - 1);
}

export function outputRegion(layout: OutputLayout): Box {
  return {
    r0: layout.headerRow,
    r1: lastDataRow(layout),
    c0: layout.startCol,
    c1: layout.startCol + layout.headers.length - 1,
  };
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

interface CellSpan {
  start: number;
  end: number;
  attrs: string;
  content: string | undefined;
  col: number;
  hasRef: boolean;
}

/** The <c> elements between two offsets of a row. */
function cellsIn(
  xml: string,
  p: string,
  openEnd: number,
  closeStart: number,
  where: { sheet: string; row: number },
): CellSpan[] {
  const cellOpen = `<${p}c`;
  const cellClose = `</${p}c>`;
  const out: CellSpan[] = [];
  let cp = openEnd;
  let col = -1;
  for (;;) {
    const cs = xml.indexOf(cellOpen, cp);
    if (cs < 0 || cs >= closeStart) break;
    if (!isNameEnd(xml.charCodeAt(cs + cellOpen.length))) {
      cp = cs + cellOpen.length;
      continue;
    }
    const tagEnd = xml.indexOf(">", cs);
    const self = xml.charCodeAt(tagEnd - 1) === 47;
    const attrs = xml.slice(cs + cellOpen.length, self ? tagEnd - 1 : tagEnd);
    let end = tagEnd + 1;
    let content: string | undefined;
    if (!self) {
      const close = xml.indexOf(cellClose, tagEnd);
      if (close < 0 || close > closeStart)
        throw fileError("file.damagedSheet", { ...where, defect: "unclosedCell" });
      content = xml.slice(tagEnd + 1, close);
      end = close + cellClose.length;
    }
    const r = getAttr(attrs, "r");
    col = r !== undefined ? columnIndex(r) : col + 1;
    out.push({ start: cs, end, attrs, content, col, hasRef: r !== undefined });
    cp = end;
  }
  return out;
}

function hasValue(cell: CellSpan): boolean {
  return cell.content !== undefined && /<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s>/]/.test(cell.content);
}

function cellText(cell: CellSpan, sharedStrings: () => string[]): string {
  const c = cell.content ?? "";
  const t = getAttr(cell.attrs, "t");
  if (t === "inlineStr") {
    const is = findElement(c, "is");
    return is && !is.selfClosing ? stringItemText(c.slice(is.openEnd, is.closeStart)) : "";
  }
  const m = /<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([\s\S]*?)<\//.exec(c);
  if (!m) return "";
  if (t === "s") return sharedStrings()[Number(m[1])] ?? "";
  return decodeCellText(m[1]);
}

/**
 * Refuses to cut through shared, array or data-table formulas: a formula range that overlaps the output region
 * without lying inside it would be left broken. Checks one block of rows.
 */
function checkFormulaRanges(b: Uint8Array, region: Box, sheetName: string): void {
  // Anchored on "f" of ` ref="`, a byte that is rare in sheets without formulas.
  for (let i = b.indexOf(102); i >= 0; i = b.indexOf(102, i + 1)) {
    if (b[i - 1] !== 101 || b[i - 2] !== 114 || b[i + 1] !== 61 || b[i + 2] !== 34 || b[i - 3] > 32) continue;
    const tagStart = b.lastIndexOf(60, i);
    const tag = decodeRange(b, tagStart, b.indexOf(62, i) + 1);
    if (!/^<(?:[A-Za-z_][\w.-]*:)?f[\s>/]/.test(tag)) continue;
    const range = parseRange(getAttr(tag, "ref") ?? "");
    if (!range || range.r0 > region.r1) continue;
    if (overlaps(range, region) && !contains(region, range)) {
      const kind = getAttr(tag, "t") ?? "shared";
      throw fileError("file.formulaRange", {
        sheet: sheetName,
        range: formatBox(range),
        kind,
        columns: `${columnLetters(region.c0)}:${columnLetters(region.c1)}`,
      });
    }
  }
}

/** Offsets of the next <row> start tag at or after `from`: its start and just after its ">". */
function nextRow(
  sheet: string,
  b: Uint8Array,
  rowOpen: Uint8Array,
  from: number,
): { start: number; tagEnd: number } | undefined {
  let i = indexOfSeq(b, rowOpen, from);
  while (i >= 0 && !isNameEndByte(b[i + rowOpen.length])) i = indexOfSeq(b, rowOpen, i + 1);
  if (i < 0) return undefined;
  const gt = b.indexOf(62, i);
  if (gt < 0) throw fileError("file.damagedSheet", { sheet, defect: "unterminatedRow" });
  return { start: i, tagEnd: gt + 1 };
}

/** Whether a <row> start tag begins in [from, to). */
function rowOpenIn(b: Uint8Array, rowOpen: Uint8Array, from: number, to: number): boolean {
  let i = indexOfSeq(b, rowOpen, from, to);
  while (i >= 0 && !isNameEndByte(b[i + rowOpen.length])) i = indexOfSeq(b, rowOpen, i + 1, to);
  return i >= 0;
}

export interface HeaderScanner {
  /** Looks for the header row in a block of rows; returns true once it is found or passed. */
  block(b: Uint8Array): boolean;
  /** The leftmost non-blank header cell left of the output columns (-1 when none): where the data starts. */
  firstCol(): number;
}

export function createHeaderScanner(
  sheet: string,
  prefix: string,
  headerRow: number,
  beforeCol: number,
): HeaderScanner {
  const rowOpen = ascii(`<${prefix}row`);
  const rowClose = ascii(`</${prefix}row>`);
  let prev = -1;
  let found = -1;
  let done = false;
  return {
    block(b) {
      let scan = 0;
      while (!done) {
        const row = nextRow(sheet, b, rowOpen, scan);
        if (!row) break;
        scan = row.tagEnd;
        const r = getAttr(decodeRange(b, row.start, row.tagEnd), "r");
        const n = r !== undefined ? Number(r) - 1 : prev + 1;
        prev = n;
        if (n > headerRow) done = true;
        else if (n === headerRow) {
          done = true;
          if (b[row.tagEnd - 2] === 47) break;
          const close = indexOfSeq(b, rowClose, row.tagEnd, b.length, rowClose.length - 2);
          const text = decodeRange(b, row.tagEnd, close < 0 ? b.length : close);
          const cells = cellsIn(text, prefix, 0, text.length, { sheet, row: headerRow + 1 });
          found = cells.find((c) => c.col >= 0 && c.col < beforeCol && hasValue(c))?.col ?? -1;
        }
      }
      return done;
    },
    firstCol: () => found,
  };
}

function numberText(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

export interface RowRewriter {
  /** Rewrites a block of whole rows (the content of sheetData, in order), emitting the result. */
  block(b: Uint8Array): void;
  /** Emits the rows still to be created after the last existing one. Returns the cells that held a formula and
   * were replaced (their calcChain entries must go). */
  finish(): { replacedFormulaCells: string[] };
}

/**
 * Rewrites the rows of sheetData into `out`: header and data rows get the output cells, other rows pass through
 * as bytes. Throws before writing over a cell that holds data in a column that is not an output column.
 */
export function createRowRewriter(
  p: string,
  layout: OutputLayout,
  sharedStrings: () => string[],
  out: Emitter,
): RowRewriter {
  const { headerRow, firstDataRow, startCol, headers, rows, sheetName } = layout;
  const width = headers.length;
  const endCol = startCol + width - 1;
  const lastRow = lastDataRow(layout);
  const region = outputRegion(layout);
  let b: Uint8Array = new Uint8Array(0);

  const rowOpen = ascii(`<${p}row`);
  const rowCloseText = `</${p}row>`;
  const rowClose = ascii(rowCloseText);
  const cellOpen = ascii(`<${p}c`);
  const cellClose = ascii(`</${p}c>`);
  const rEq = ascii('r="');
  const refs: string[] = [];
  for (let i = 0; i < width; i++) refs.push(columnLetters(startCol + i));
  // Columns we may overwrite, decided on the header row: those whose header is already the output header. The
  // marker alone is not trusted (Excel grows it over a column the user inserts inside it), nor is a blank header:
  // data under a blank or foreign header is a user's, and stops the write.
  const ours: boolean[] = refs.map(() => false);
  let headerStyle: string | undefined;
  const replacedFormulaCells: string[] = [];
  const span = `${refs[0]}:${refs[width - 1]}`;

  const valuesFor = (row: number): readonly OutputValue[] | undefined => {
    if (row === headerRow) return headers;
    if (row >= firstDataRow && row <= lastRow) return rows.at(row - firstDataRow) ?? [];
    return undefined;
  };

  const newCells = (
    row: number,
    values: readonly OutputValue[],
    styles: (string | undefined)[] | undefined,
  ): string => {
    let cells = "";
    const isHeader = row === headerRow;
    for (let i = 0; i < width; i++) {
      const v = values[i];
      // A cell's own style stays (a format the user gave it); a new data cell takes the column's.
      const style = styles?.[i] ?? (isHeader ? headerStyle : layout.dataStyles?.[i]);
      const s = style !== undefined ? ` s="${style}"` : "";
      const r = refs[i] + (row + 1);
      if (typeof v === "number") {
        if (Number.isFinite(v)) cells += `<${p}c r="${r}"${s}><${p}v>${numberText(v)}</${p}v></${p}c>`;
        else if (s) cells += `<${p}c r="${r}"${s}/>`;
      } else if (typeof v === "string") {
        const text = v.length > MAX_CELL_CHARS ? v.slice(0, MAX_CELL_CHARS) : v;
        const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
        cells += `<${p}c r="${r}"${s} t="inlineStr"><${p}is><${p}t${space}>${escapeCellText(text)}</${p}t></${p}is></${p}c>`;
      } else if (typeof v === "boolean") {
        cells += `<${p}c r="${r}"${s} t="b"><${p}v>${v ? 1 : 0}</${p}v></${p}c>`;
      } else if (s) {
        cells += `<${p}c r="${r}"${s}/>`;
      }
    }
    return cells;
  };

  /** Start of the last <c> element beginning in [min, before), or -1. */
  const lastCellStart = (before: number, min: number): number => {
    let k = lastIndexOfSeq(b, cellOpen, before - 1, min);
    while (k >= min && !isNameEndByte(b[k + cellOpen.length])) k = lastIndexOfSeq(b, cellOpen, k - 1, min);
    return k >= min ? k : -1;
  };
  /** Column and end offset of the cell starting at `cs`; col -1 when it has no r attribute. */
  const cellAt = (cs: number, limit: number): { col: number; end: number } => {
    const gt = b.indexOf(62, cs);
    const at = attrValueAt(b, cs + cellOpen.length - 1, gt, rEq);
    const end = b[gt - 1] === 47 ? gt + 1 : indexOfSeq(b, cellClose, gt, limit) + cellClose.length;
    return { col: at >= 0 ? columnAt(b, at) : -1, end };
  };

  /** Emits a target row: its cells outside the output columns as they were, the output cells in column order. */
  const rewriteRow = (
    rowNum: number,
    startTag: string,
    selfClosing: boolean,
    tagEnd: number,
    closeStart: number,
    values: readonly OutputValue[],
  ): void => {
    const isHeader = rowNum === headerRow;
    let tag = startTag;
    const spans = getAttr(tag, "spans");
    if (spans !== undefined) {
      const m = /^(\d+):(\d+)$/.exec(spans.trim());
      if (m) tag = setAttr(tag, "spans", `${Math.min(+m[1], startCol + 1)}:${Math.max(+m[2], endCol + 1)}`);
    }
    if (getAttr(tag, "r") === undefined) tag = setAttr(tag, "r", String(rowNum + 1));
    if (selfClosing) {
      const cells = newCells(rowNum, values, undefined);
      out.text(cells ? tag.slice(0, -2).trimEnd() + ">" + cells + rowCloseText : tag);
      return;
    }
    const rowEnd = closeStart + rowClose.length;
    // Where the untouched cells end: everything after is re-read as text. The header row is read whole (its
    // cells decide which columns are ours); data rows only from the first cell at or right of startCol.
    let split = tagEnd;
    if (!isHeader) {
      let k = closeStart;
      for (;;) {
        const cs = lastCellStart(k, tagEnd);
        if (cs < 0) break;
        const cell = cellAt(cs, closeStart);
        if (cell.col < 0) {
          split = tagEnd;
          break;
        }
        if (cell.col < startCol) {
          split = cell.end;
          break;
        }
        k = cs;
      }
      if (split === closeStart || (split > tagEnd && lastCellStart(closeStart, split) < 0)) {
        // Fast path (every data row of a first run): nothing at or right of the output columns.
        out.text(tag);
        out.bytes(b.subarray(tagEnd, split));
        out.text(newCells(rowNum, values, undefined));
        out.bytes(b.subarray(split, rowEnd));
        return;
      }
      if (split === tagEnd && lastCellStart(closeStart, tagEnd) < 0) {
        out.text(tag + newCells(rowNum, values, undefined));
        out.bytes(b.subarray(tagEnd, rowEnd));
        return;
      }
    }
    const xml = decodeRange(b, split, closeStart);
    const cells = cellsIn(xml, p, 0, xml.length, { sheet: sheetName, row: rowNum + 1 });
    const styles: (string | undefined)[] = new Array(width).fill(undefined);
    // Pieces are collected first: a conflict found late in the row must throw before anything is emitted.
    const pieces: string[] = [];
    let pos = 0;
    let inserted = false;
    let leftStyleCol = -1;
    for (const cell of cells) {
      if (cell.col >= startCol && cell.col <= endCol) {
        const i = cell.col - startCol;
        styles[i] = getAttr(cell.attrs, "s");
        if (isHeader) {
          const text = hasValue(cell) ? cellText(cell, sharedStrings).trim() : "";
          if (text !== "" && text.toLowerCase() === headers[i].trim().toLowerCase()) ours[i] = true;
          else if (text !== "") {
            throw fileError("file.cellTaken", {
              sheet: sheetName,
              cell: refs[i] + (rowNum + 1),
              text,
              columns: span,
            });
          }
        } else if (!ours[i] && hasValue(cell)) {
          throw fileError("file.cellHasData", {
            sheet: sheetName,
            cell: refs[i] + (rowNum + 1),
            columns: span,
          });
        }
        if (cell.content !== undefined && /<(?:[A-Za-z_][\w.-]*:)?f[\s>/]/.test(cell.content)) {
          replacedFormulaCells.push(refs[i] + (rowNum + 1));
        }
        pieces.push(xml.slice(pos, cell.start));
        pos = cell.end;
        continue;
      }
      if (isHeader && cell.col < startCol && cell.col > leftStyleCol) {
        // New header cells look like the header cell to their left.
        leftStyleCol = cell.col;
        headerStyle = getAttr(cell.attrs, "s");
      }
      if (cell.col > endCol && !inserted) {
        pieces.push(xml.slice(pos, cell.start), newCells(rowNum, values, styles));
        pos = cell.start;
        inserted = true;
      }
      if (!cell.hasRef) {
        pieces.push(xml.slice(pos, cell.start), `<${p}c r="${cellAddress(rowNum, cell.col)}"`);
        pos = cell.start + cellOpen.length;
      }
    }
    if (!inserted) {
      const lastEnd = cells.length > 0 ? Math.max(pos, cells[cells.length - 1].end) : 0;
      pieces.push(xml.slice(pos, lastEnd), newCells(rowNum, values, styles));
      pos = lastEnd;
    }
    pieces.push(xml.slice(pos), rowCloseText);
    out.text(tag);
    out.bytes(b.subarray(tagEnd, split));
    for (const piece of pieces) out.text(piece);
  };

  let prevRow = -1;
  // Target rows are the header, then each data row; `next` is the next one not yet written.
  let next = headerRow;
  const advance = (row: number): number => {
    if (row === headerRow) return rows.length > 0 ? firstDataRow : Infinity;
    return row + 1 > lastRow ? Infinity : row + 1;
  };
  const emitMissingBefore = (limit: number) => {
    while (next < limit) {
      const cells = newCells(next, valuesFor(next)!, undefined);
      if (cells) out.text(`<${p}row r="${next + 1}">${cells}${rowCloseText}`);
      next = advance(next);
    }
  };

  const block = (bytes: Uint8Array): void => {
    b = bytes;
    checkFormulaRanges(b, region, sheetName);
    let pos = 0; // start of bytes not yet emitted
    let scan = 0;
    const flushUntil = (at: number) => {
      if (at > pos) out.bytes(b.subarray(pos, at));
      pos = at;
    };
    for (;;) {
      const row = nextRow(sheetName, b, rowOpen, scan);
      if (!row) break;
      const { start: rs, tagEnd } = row;
      const selfClosing = b[tagEnd - 2] === 47;
      const rAt = attrValueAt(b, rs + rowOpen.length - 1, tagEnd, rEq);
      let rowNum = NaN;
      if (rAt >= 0) {
        let n = 0;
        let k = rAt;
        for (; b[k] >= 48 && b[k] <= 57; k++) n = n * 10 + (b[k] - 48);
        if (b[k] === 34 && k > rAt) rowNum = n - 1;
      }
      let startTag: string | undefined;
      if (Number.isNaN(rowNum)) {
        startTag = decodeRange(b, rs, tagEnd);
        const r = getAttr(startTag, "r");
        rowNum = r !== undefined ? Number(r) - 1 : prevRow + 1;
      }
      if (!(rowNum > prevRow)) {
        throw fileError("file.damagedSheet", { sheet: sheetName, defect: "rowOrder", row: rowNum + 1 });
      }
      prevRow = rowNum;
      // Cell text cannot contain "<row", so the next row search may start right after this start tag.
      scan = tagEnd;
      if (next < rowNum) {
        flushUntil(rs);
        emitMissingBefore(rowNum);
      }
      const values = next === rowNum ? valuesFor(rowNum) : undefined;
      if (values === undefined && rAt >= 0) continue; // untouched: stays in the pending bytes
      const closeStart = selfClosing
        ? tagEnd
        : indexOfSeq(b, rowClose, tagEnd, b.length, rowClose.length - 2);
      // A row whose end tag was lost would otherwise swallow the next row (its cells moved or lost): refused.
      if (closeStart < 0 || (!selfClosing && rowOpenIn(b, rowOpen, tagEnd, closeStart)))
        throw fileError("file.damagedSheet", { sheet: sheetName, defect: "unclosedRow", row: rowNum + 1 });
      const end = selfClosing ? tagEnd : closeStart + rowClose.length;
      flushUntil(rs);
      startTag ??= decodeRange(b, rs, tagEnd);
      if (values === undefined) {
        // A row without r: number it explicitly, since rows we insert would otherwise shift it.
        out.text(setAttr(startTag, "r", String(rowNum + 1)));
        out.bytes(b.subarray(tagEnd, end));
      } else {
        rewriteRow(rowNum, startTag, selfClosing, tagEnd, closeStart, values);
        next = advance(rowNum);
      }
      pos = end;
      scan = end;
    }
    flushUntil(b.length);
  };

  const finish = () => {
    emitMissingBefore(Infinity);
    return { replacedFormulaCells };
  };
  return { block, finish };
}
