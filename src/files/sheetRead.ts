// Reading cell values out of a worksheet part with a single forward scan of its bytes (no DOM, no decoding of the
// whole part): the cost is linear in the sheet and memory is the cells kept, which matters for 100,000-row sheets.

import type { Cell } from "../model";
import * as bytesLib from "./bytes";
import { cellAddress, columnIndex, LAST_COL, LAST_ROW, type Box } from "../port/a1";
import { fileError } from "./errors";
import { stringItemText } from "./sharedStrings";
import { decodeCellText, findElement, getAttr } from "./xml";

// Imported functions become property getters when TypeScript is run as CommonJS (tsx); the per-cell loops below
// call local bindings taken once at load.
const { ascii, asciiRange, attrValueAt, bytesAt, columnAt, decimalAt, decodeRange, intAt, isNameEndByte } =
  bytesLib;

export interface CellContext {
  sheetName: string;
  sharedStrings: () => string[];
  /** Set for 1904-based workbooks: cell formats that show dates, whose serials are shifted to the 1900 system. */
  date1904Styles?: Set<number>;
}

/** One worksheet row as read (0-based, as in src/port/a1): cells indexed by column (holes are blank). */
export interface ReadRow {
  row: number;
  cells: Cell[];
  /** Lowest and highest column holding a non-blank value; -1 when none. */
  minCol: number;
  maxCol: number;
  count: number;
}

const DAYS_1904_TO_1900 = 1462;
const MS_PER_DAY = 86400000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Whether a value counts as content for finding the used range (blank strings do not). */
export function isBlank(v: Cell): boolean {
  return v === null || v === undefined || v === "";
}

function valueText(content: string): string | undefined {
  const i = content.indexOf("<v>");
  if (i >= 0) {
    const end = content.indexOf("</v>", i + 3);
    return end < 0 ? undefined : content.slice(i + 3, end);
  }
  const m = /<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?v>)/.exec(
    content,
  );
  return m ? (m[1] ?? "") : undefined;
}

function isoToSerial(text: string): Cell {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?/.exec(text.trim());
  if (!m) return text;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0)) + Math.round(+(m[6] ?? 0) * 1000);
  return (ms - EXCEL_EPOCH) / MS_PER_DAY;
}

/** The value of one <c> element given its attribute text and content (undefined content = self-closing). */
export function cellValue(
  attrs: string,
  content: string | undefined,
  ctx: CellContext,
  ref: () => string,
): Cell {
  if (content === undefined || content === "") return null;
  const t = getAttr(attrs, "t");
  if (t === "inlineStr") {
    const is = findElement(content, "is");
    if (is) return is.selfClosing ? "" : stringItemText(content.slice(is.openEnd, is.closeStart));
    const v = valueText(content);
    return v === undefined ? null : decodeCellText(v);
  }
  const v = valueText(content);
  if (v === undefined) return null;
  switch (t) {
    case "s": {
      const sst = ctx.sharedStrings();
      const idx = Number(v);
      const s = sst[idx];
      if (s === undefined) {
        throw fileError("file.sharedString", {
          sheet: ctx.sheetName,
          cell: ref(),
          index: v.trim(),
          count: sst.length,
        });
      }
      return s;
    }
    case "str":
      return decodeCellText(v);
    case "b":
      return v.trim() === "1" || v.trim() === "true";
    case "e":
      return { error: decodeCellText(v).trim() };
    case "d":
      return isoToSerial(decodeCellText(v));
    default: {
      const n = Number(v);
      if (v.trim() === "" || !Number.isFinite(n)) return decodeCellText(v);
      if (ctx.date1904Styles && ctx.date1904Styles.size > 0) {
        const s = getAttr(attrs, "s");
        if (s !== undefined && ctx.date1904Styles.has(Number(s))) return n + DAYS_1904_TO_1900;
      }
      return n;
    }
  }
}

const T_NONE = 0;
const T_SHARED = 1;
const T_NUMBER = 2;
const T_OTHER = 3;

export interface RowReader {
  /** Reads a block of whole rows; returns true once rows past the bounds were reached (no need to read on). */
  block(b: Uint8Array): boolean;
  /** The rows read so far, in sheet order; rows absent from the file are absent here. */
  rows: ReadRow[];
}

/**
 * Reads rows block by block with one pass over the tags (each "<" is visited once). With `bounds`, rows and
 * columns outside are skipped; without, every cell is kept. Row numbers in the XML count from 1; rows and columns
 * here count from 0. Shared-string indexes and numbers are read straight
 * from the bytes; only other cell types are decoded to text, since per-cell garbage dominates on large sheets.
 */
export function createRowReader(prefix: string, ctx: CellContext, bounds?: Box): RowReader {
  const rows: ReadRow[] = [];
  const pre = ascii(prefix);
  const pl = pre.length;
  const R_EQ = ascii('r="');
  const T_EQ = ascii('t="');
  const S_EQ = ascii('s="');
  const left = bounds?.c0 ?? 0;
  const right = bounds?.c1 ?? Infinity;
  const top = bounds?.r0 ?? 0;
  const bottom = bounds?.r1 ?? Infinity;
  const styles1904 = ctx.date1904Styles && ctx.date1904Styles.size > 0 ? ctx.date1904Styles : undefined;
  let sst: string[] | undefined;

  let rowNum = -1;
  let inRow = false;
  let keepRow = false;
  let cells: Cell[] = [];
  let minCol = -1;
  let maxCol = -1;
  let count = 0;
  let col = -1;
  // The open cell, if any.
  let inCell = false;
  let cellStart = 0;
  let cellTagEnd = 0;
  let tKind = T_NONE;
  let vStart = -1;
  let vEnd = -1;
  let isStart = -1;

  const finishRow = () => {
    if (keepRow) rows.push({ row: rowNum, cells, minCol, maxCol, count });
    inRow = false;
  };
  const store = (v: Cell) => {
    if (isBlank(v)) {
      if (v === "") cells[col] = v;
      return;
    }
    cells[col] = v;
    if (minCol < 0 || col < minCol) minCol = col;
    if (col > maxCol) maxCol = col;
    count++;
  };
  const finishCell = (closeAt: number) => {
    inCell = false;
    if (!keepRow || col < left || col > right) return;
    let v: Cell;
    if (tKind === T_SHARED && vStart >= 0 && vEnd >= vStart) {
      const idx = intAt(b, vStart, vEnd);
      sst ??= ctx.sharedStrings();
      v = sst[idx];
      if (idx < 0 || v === undefined) {
        throw fileError("file.sharedString", {
          sheet: ctx.sheetName,
          cell: cellAddress(rowNum, col),
          index: asciiRange(b, vStart, vEnd).trim(),
          count: sst.length,
        });
      }
    } else if ((tKind === T_NONE || tKind === T_NUMBER) && vStart >= 0 && vEnd >= vStart) {
      const d = decimalAt(b, vStart, vEnd);
      if (d === d) v = d;
      else {
        const text = decodeRange(b, vStart, vEnd);
        const n = Number(text);
        v = text.trim() !== "" && Number.isFinite(n) ? n : decodeCellText(text);
      }
      if (styles1904 && typeof v === "number") {
        const s = attrValueAt(b, cellStart, cellTagEnd, S_EQ);
        if (s >= 0 && styles1904.has(intAt(b, s, b.indexOf(34, s)))) v += DAYS_1904_TO_1900;
      }
    } else if (tKind === T_OTHER || isStart >= 0) {
      const r = rowNum;
      const c = col;
      const attrs = decodeRange(
        b,
        cellStart + 2 + pl,
        b[cellTagEnd - 2] === 47 ? cellTagEnd - 2 : cellTagEnd - 1,
      );
      v = cellValue(attrs, decodeRange(b, cellTagEnd, closeAt), ctx, () => cellAddress(r, c));
    } else v = null;
    store(v);
  };

  let b: Uint8Array = new Uint8Array(0);
  let to = 0;
  let done = false;

  const block = (bytes: Uint8Array): boolean => {
    if (done) return true;
    b = bytes;
    to = b.length;
    scan();
    if (inRow) finishRow();
    return done;
  };

  const scan = () => {
    let i = 0;
    for (;;) {
      i = b.indexOf(60, i);
      if (i < 0 || i >= to) break;
      let j = i + 1;
      const closing = b[j] === 47;
      if (closing) j++;
      if (pl > 0 && !bytesAt(b, j, pre)) {
        i = j;
        continue;
      }
      j += pl;
      const c0 = b[j];
      if (c0 === 99 /* c */ && isNameEndByte(b[j + 1])) {
        if (closing) {
          if (inCell) finishCell(i);
          i = j + 2;
          continue;
        }
        const gt = b.indexOf(62, j);
        if (gt < 0 || gt >= to)
          throw fileError("file.damagedSheet", {
            sheet: ctx.sheetName,
            defect: "damagedCell",
            row: rowNum + 1,
          });
        const rAt = attrValueAt(b, j + 1, gt, R_EQ);
        if (rAt >= 0) col = columnAt(b, rAt);
        else {
          const r = getAttr(decodeRange(b, j + 1, gt), "r");
          col = r !== undefined ? columnIndex(r) : col + 1;
        }
        // A reference past Excel's grid (XFE1, or any cell right of XFD) is no workbook Excel wrote.
        if (!(col <= LAST_COL)) {
          const ref = rAt >= 0 ? asciiRange(b, rAt, b.indexOf(34, rAt)) : `column ${col + 1}`;
          throw fileError("file.cellReference", { sheet: ctx.sheetName, ref });
        }
        if (b[gt - 1] === 47) {
          i = gt + 1;
          continue; // <c .../> holds no value
        }
        inCell = true;
        cellStart = i;
        cellTagEnd = gt + 1;
        vStart = vEnd = isStart = -1;
        const tAt = attrValueAt(b, j + 1, gt, T_EQ);
        if (tAt < 0) tKind = T_NONE;
        else if (b[tAt + 1] === 34 && b[tAt] === 115 /* s */) tKind = T_SHARED;
        else if (b[tAt + 1] === 34 && b[tAt] === 110 /* n */) tKind = T_NUMBER;
        else tKind = T_OTHER;
        i = gt + 1;
        // Fast path for the usual unprefixed <v>value</v></c>: three fewer tag visits per cell.
        if (pl === 0 && tKind !== T_OTHER && b[i] === 60 && b[i + 1] === 118 && b[i + 2] === 62) {
          const lt = b.indexOf(60, i + 3);
          if (
            lt > 0 &&
            b[lt + 1] === 47 &&
            b[lt + 2] === 118 &&
            b[lt + 3] === 62 &&
            b[lt + 4] === 60 &&
            b[lt + 5] === 47 &&
            b[lt + 6] === 99 &&
            b[lt + 7] === 62
          ) {
            vStart = i + 3;
            vEnd = lt;
            finishCell(lt + 4);
            i = lt + 8;
          }
        }
        continue;
      }
      if (c0 === 118 /* v */ && isNameEndByte(b[j + 1])) {
        if (inCell) {
          if (closing) vEnd = i;
          else {
            const gt = b.indexOf(62, j);
            if (b[gt - 1] === 47) vStart = vEnd = gt + 1;
            else vStart = gt + 1;
          }
        }
        i = j + 1;
        continue;
      }
      if (c0 === 114 /* r */ && b[j + 1] === 111 && b[j + 2] === 119 && isNameEndByte(b[j + 3])) {
        if (closing) {
          if (inRow) finishRow();
          i = j + 3;
          continue;
        }
        if (inRow) finishRow();
        const gt = b.indexOf(62, j);
        if (gt < 0 || gt >= to)
          throw fileError("file.damagedSheet", {
            sheet: ctx.sheetName,
            defect: "damagedRow",
            row: rowNum + 1,
          });
        const rAt = attrValueAt(b, j + 3, gt, R_EQ);
        const n = rAt >= 0 ? intAt(b, rAt, b.indexOf(34, rAt)) : -1;
        if (n >= 1) rowNum = n - 1;
        else {
          const r = getAttr(decodeRange(b, j + 3, gt), "r");
          const parsed = r !== undefined ? Number(r) : rowNum + 2;
          if (!(parsed >= 1))
            throw fileError("file.damagedSheet", {
              sheet: ctx.sheetName,
              defect: "badRowNumber",
              text: String(r),
            });
          rowNum = parsed - 1;
        }
        if (rowNum > LAST_ROW) {
          throw fileError("file.cellReference", { sheet: ctx.sheetName, ref: `row ${rowNum + 1}` });
        }
        if (rowNum > bottom) {
          done = true;
          return;
        }
        keepRow = rowNum >= top;
        // Sized like the previous row, so filling it does not regrow the array cell by cell (not after a row
        // reaching far right: one stray cell at XFD must not make every row 16,384 wide).
        cells = maxCol >= 0 && maxCol < 1024 ? new Array(maxCol + 1) : [];
        minCol = maxCol = col = -1;
        count = 0;
        inRow = b[gt - 1] !== 47;
        if (!inRow && keepRow) rows.push({ row: rowNum, cells, minCol, maxCol, count: 0 });
        i = gt + 1;
        continue;
      }
      if (c0 === 105 /* i */ && b[j + 1] === 115 && isNameEndByte(b[j + 2])) {
        if (inCell && !closing) isStart = b.indexOf(62, j) + 1;
        i = j + 2;
        continue;
      }
      i = j;
    }
  };
  return { block, rows };
}
