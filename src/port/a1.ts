// A1 addresses as plain data, for every shell and adapter (src/files, src/office, src/workbench, the CLI): column
// letters, cell and range references with optional sheet names, quoted the way Excel quotes them. One convention:
// rows and columns count from 0, so A1 is { r: 0, c: 0 } and a Box holds its first and last row and column.

export interface Box {
  r0: number; // first row, 0-based
  c0: number; // first column, 0-based
  r1: number; // last row, inclusive
  c1: number; // last column, inclusive
}

export interface CellPosition {
  r: number; // row, 0-based
  c: number; // column, 0-based
}

/** Excel's last row (1,048,576) and column (XFD), 0-based. */
export const LAST_ROW = 1_048_575;
export const LAST_COL = 16_383;

const letterCache: string[] = [];

/** "A" for column 0, "Z" for 25, "AA" for 26, "XFD" for 16,383. */
export function columnLetters(col: number): string {
  const cached = letterCache[col];
  if (cached !== undefined) return cached;
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = (n - 1 - m) / 26;
  }
  if (col >= 0 && col <= LAST_COL) letterCache[col] = s;
  return s;
}

/** Column of the letters at the start of `ref` ("AB12" -> 27, either case); -1 when it starts with none. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    let ch = ref.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (ch < 65 || ch > 90) break;
    n = n * 26 + (ch - 64);
  }
  return n - 1;
}

/** "B7" for { r: 6, c: 1 }. */
export function cellAddress(r: number, c: number): string {
  return columnLetters(c) + (r + 1);
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMNS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;

/** Parses "B7" or "$B$7"; undefined when it is not a cell on a sheet. */
export function parseCell(ref: string): CellPosition | undefined {
  const m = CELL.exec(ref.trim());
  if (!m) return undefined;
  const c = columnIndex(m[1]);
  const r = Number(m[2]) - 1;
  return c >= 0 && c <= LAST_COL && r >= 0 && r <= LAST_ROW ? { r, c } : undefined;
}

/** Parses "A1:F51", "$B$2:A10", a single cell "A1" or whole columns "Q:V"; undefined when malformed. */
export function parseRange(ref: string): Box | undefined {
  const text = ref.trim();
  const whole = COLUMNS.exec(text);
  if (whole) {
    const [a, b] = [columnIndex(whole[1]), columnIndex(whole[2])];
    if (Math.max(a, b) > LAST_COL) return undefined;
    return { r0: 0, r1: LAST_ROW, c0: Math.min(a, b), c1: Math.max(a, b) };
  }
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const a = parseCell(parts[0]);
  const b = parts.length === 2 ? parseCell(parts[1]) : a;
  if (!a || !b) return undefined;
  return { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), r1: Math.max(a.r, b.r), c1: Math.max(a.c, b.c) };
}

/** Parses a space-separated list of ranges (a conditional format's sqref, "A1:A5 C3"); malformed parts are skipped. */
export function parseSqref(sqref: string): Box[] {
  const out: Box[] = [];
  for (const part of sqref.trim().split(/\s+/)) {
    const box = part ? parseRange(part) : undefined;
    if (box) out.push(box);
  }
  return out;
}

/** Parses an address with or without a sheet ("'My sheet'!$A$1:$B$2", "A1:B2"); throws when it holds no cells. */
export function parseBox(address: string): Box {
  const box = parseRange(splitSheet(address).cells);
  if (!box) throw new Error(`not a cell range: ${address}`);
  return box;
}

/** "A1:B2", or "A1" for a single cell; with `absolute`, "$A$1:$B$2". */
export function formatBox(box: Box, absolute = false): string {
  const $ = absolute ? "$" : "";
  const a = `${$}${columnLetters(box.c0)}${$}${box.r0 + 1}`;
  if (box.r0 === box.r1 && box.c0 === box.c1) return a;
  return `${a}:${$}${columnLetters(box.c1)}${$}${box.r1 + 1}`;
}

/**
 * A sheet name as a formula writes it. Excel leaves a name bare only when it is a plain identifier (a letter or
 * "_" first, then letters, digits, "_" or ".") that cannot be read as a reference: not a cell such as A1 or XFD7,
 * and not an R1C1 row or column such as R, C2 or R1C1. Anything else is quoted, embedded quotes doubled: 'It''s'.
 */
export function quoteSheet(sheet: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) &&
    !/^[A-Za-z]{1,3}\d+$/.test(sheet) &&
    !/^[Rr]\d*([Cc]\d*)?$/.test(sheet) &&
    !/^[Cc]\d*$/.test(sheet);
  return bare ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/**
 * Splits "Sheet1!A1:B2" or "'It''s Q3'!A1" into the sheet name (unquoted) and the cell part. An address without
 * a sheet, or with an unterminated quote, comes back as cells only.
 */
export function splitSheet(address: string): { sheet?: string; cells: string } {
  const text = address.trim();
  if (text.startsWith("'")) {
    let name = "";
    for (let i = 1; i < text.length; i++) {
      if (text[i] !== "'") name += text[i];
      else if (text[i + 1] === "'") name += text[i++];
      else return text[i + 1] === "!" ? { sheet: name, cells: text.slice(i + 2) } : { cells: text };
    }
    return { cells: text };
  }
  const bang = text.indexOf("!");
  return bang > 0 ? { sheet: text.slice(0, bang), cells: text.slice(bang + 1) } : { cells: text };
}

/** "'My deals'!$Q$1:$V$41": a box on a sheet, quoted as Excel would. */
export function sheetAddress(sheet: string, box: Box, absolute = false): string {
  return `${quoteSheet(sheet)}!${formatBox(box, absolute)}`;
}

export function contains(outer: Box, inner: Box): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

/** The smallest box holding both. */
export function union(a: Box, b: Box): Box {
  return {
    r0: Math.min(a.r0, b.r0),
    c0: Math.min(a.c0, b.c0),
    r1: Math.max(a.r1, b.r1),
    c1: Math.max(a.c1, b.c1),
  };
}
