// A1 addresses as plain data: parsing "Sheet 1'!A1:T101"-style addresses into 0-based corners and back.
// Both workbook adapters and their tests speak in these terms.

export interface Box {
  r0: number; // first row, 0-based
  c0: number; // first column, 0-based
  r1: number; // last row, inclusive
  c1: number; // last column, inclusive
}

export function columnLetters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Splits "Sheet1!A1:B2" / "'My sheet'!A1" into sheet name (unquoted) and the cell part. */
export function splitSheet(address: string): { sheet?: string; cells: string } {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { cells: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, cells: address.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

const COLUMNS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
export const LAST_ROW = 1_048_575;

export function parseBox(address: string): Box {
  const { cells } = splitSheet(address);
  const whole = COLUMNS.exec(cells);
  if (whole) {
    const [c0, c1] = [columnIndex(whole[1]), columnIndex(whole[2])];
    return { r0: 0, r1: LAST_ROW, c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
  }
  const [a, b = a] = cells.split(":");
  const m1 = CELL.exec(a);
  const m2 = CELL.exec(b);
  if (!m1 || !m2) throw new Error(`not a cell range: ${address}`);
  const r0 = Number(m1[2]) - 1;
  const r1 = Number(m2[2]) - 1;
  const c0 = columnIndex(m1[1]);
  const c1 = columnIndex(m2[1]);
  return { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
}

export function formatBox(box: Box): string {
  const a = `${columnLetters(box.c0)}${box.r0 + 1}`;
  const b = `${columnLetters(box.c1)}${box.r1 + 1}`;
  return a === b ? a : `${a}:${b}`;
}

/** "Sheet1" stays bare; anything else is quoted the way Excel quotes it. */
export function quoteSheet(sheet: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) &&
    !/^[A-Za-z]{1,3}\d+$/.test(sheet) &&
    !/^[Rr]\d*[Cc]\d*$/.test(sheet);
  return bare ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

export function sheetAddress(sheet: string, box: Box, absolute = false): string {
  const cells = absolute
    ? `$${columnLetters(box.c0)}$${box.r0 + 1}:$${columnLetters(box.c1)}$${box.r1 + 1}`
    : formatBox(box);
  return `${quoteSheet(sheet)}!${cells}`;
}

export function contains(outer: Box, inner: Box): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

export function intersects(a: Box, b: Box): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}
