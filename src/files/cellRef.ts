// A1-style cell and range references: column letters <-> numbers, parsing and formatting (all 1-based).

import { FileFormatError } from "./errors";

export interface CellAddress {
  row: number;
  col: number;
}

export interface RangeRef {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Excel's last column (XFD) and row; references beyond them are not cells. */
export const MAX_COL = 16384;
export const MAX_ROW = 1048576;

const letterCache: string[] = [];

export function colToLetters(col: number): string {
  const cached = letterCache[col];
  if (cached !== undefined) return cached;
  let n = col;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = (n - 1 - m) / 26;
  }
  if (col <= MAX_COL) letterCache[col] = s;
  return s;
}

/** Column number of the letters at the start of `ref` ("AB12" -> 28); 0 when there are none. */
export function lettersToCol(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col;
}

const CELL_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** Parses "B7" or "$B$7"; undefined when it is not a cell reference. */
export function parseCellRef(ref: string): CellAddress | undefined {
  const m = CELL_RE.exec(ref.trim());
  if (!m) return undefined;
  const col = lettersToCol(m[1]);
  const row = Number(m[2]);
  if (col < 1 || col > MAX_COL || row < 1 || row > MAX_ROW) return undefined;
  return { row, col };
}

/** Parses "A1:F51" (or a single cell "A1"); undefined when malformed. */
export function parseRangeRef(ref: string): RangeRef | undefined {
  const parts = ref.trim().split(":");
  if (parts.length > 2) return undefined;
  const a = parseCellRef(parts[0]);
  const b = parts.length === 2 ? parseCellRef(parts[1]) : a;
  if (!a || !b) return undefined;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

export function cellRef(row: number, col: number): string {
  return colToLetters(col) + row;
}

export function rangeRef(r: RangeRef): string {
  const a = cellRef(r.top, r.left);
  return r.top === r.bottom && r.left === r.right ? a : `${a}:${cellRef(r.bottom, r.right)}`;
}

export function absoluteRangeRef(r: RangeRef): string {
  const a = `$${colToLetters(r.left)}$${r.top}`;
  return r.top === r.bottom && r.left === r.right ? a : `${a}:$${colToLetters(r.right)}$${r.bottom}`;
}

export function unionRange(a: RangeRef, b: RangeRef): RangeRef {
  return {
    top: Math.min(a.top, b.top),
    left: Math.min(a.left, b.left),
    bottom: Math.max(a.bottom, b.bottom),
    right: Math.max(a.right, b.right),
  };
}

export function rangesOverlap(a: RangeRef, b: RangeRef): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Whether `inner` lies entirely inside `outer`. */
export function rangeContains(outer: RangeRef, inner: RangeRef): boolean {
  return (
    inner.left >= outer.left &&
    inner.right <= outer.right &&
    inner.top >= outer.top &&
    inner.bottom <= outer.bottom
  );
}

/** Parses a space-separated sqref ("A1:A5 C3"); malformed parts are skipped. */
export function parseSqref(sqref: string): RangeRef[] {
  const out: RangeRef[] = [];
  for (const part of sqref.trim().split(/\s+/)) {
    const r = part ? parseRangeRef(part) : undefined;
    if (r) out.push(r);
  }
  return out;
}

/** Quotes a sheet name for use in a formula reference: 'It''s'. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Splits "'Sheet 1'!$A$1:$B$2" into sheet name and range; undefined for anything else (e.g. #REF!). */
export function parseSheetRange(formula: string): { sheet: string; range: RangeRef } | undefined {
  const text = formula.trim();
  let sheet: string;
  let rest: string;
  if (text.startsWith("'")) {
    let i = 1;
    let name = "";
    for (; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += text[i];
    }
    if (text[i + 1] !== "!") return undefined;
    sheet = name;
    rest = text.slice(i + 2);
  } else {
    const bang = text.indexOf("!");
    if (bang <= 0) return undefined;
    sheet = text.slice(0, bang);
    rest = text.slice(bang + 1);
  }
  const range = parseRangeRef(rest);
  return range ? { sheet, range } : undefined;
}

export function requireRange(ref: string, where: string): RangeRef {
  const r = parseRangeRef(ref);
  if (!r) throw new FileFormatError(`${where} has a malformed range reference '${ref}'`);
  return r;
}
