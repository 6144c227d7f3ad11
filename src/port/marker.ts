// The marker that tells this add-in's own output columns from a user's: a defined name referring to the
// output block. Parsing and building its formula, and deciding which table columns it covers, as plain data.
import { normaliseHeader, outputColumnOf, type Cell } from "../model";
import { parseBox, sheetAddress, splitSheet, type Box } from "./a1";

export interface Marker {
  sheet: string;
  boxes: Box[];
}

/** Reads a marker formula such as "='Sheet 1'!$U$1:$Z$101,'Sheet 1'!$AB$1:$AB$101". Null if it is not one. */
export function parseMarker(formula: string | null | undefined): Marker | null {
  if (typeof formula !== "string") return null;
  const text = formula.trim().replace(/^=/, "");
  if (text === "" || text.startsWith("#")) return null;
  const parts = splitUnion(text);
  let sheet: string | undefined;
  const boxes: Box[] = [];
  for (const part of parts) {
    const { sheet: s, cells } = splitSheet(part.trim());
    if (!s || (sheet !== undefined && s !== sheet)) return null;
    sheet = s;
    try {
      boxes.push(parseBox(cells));
    } catch {
      return null;
    }
  }
  return sheet === undefined ? null : { sheet, boxes };
}

/** Splits on commas outside quoted sheet names. */
function splitUnion(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function markerFormula(marker: Marker): string {
  return "=" + marker.boxes.map((b) => sheetAddress(marker.sheet, b, true)).join(",");
}

export function isOutputHeader(header: Cell): boolean {
  return outputColumnOf(header) !== null;
}

/** Table columns (0-based) that the marker covers and that carry one of the output headers. */
export function ownColumns(
  sheet: string,
  table: Box,
  headers: readonly Cell[],
  marker: Marker | null,
): number[] {
  return marker && marker.sheet === sheet ? ownColumnsIn(table, headers, marker.boxes) : [];
}

/**
 * Table columns (0-based) inside one of the marked boxes (on the table's sheet) that carry an output header. The
 * marker is checked against the headers it should hold: Excel grows a name over a column inserted inside it, so
 * an output header found twice among the marked columns (a user's copy beside ours) is nobody's for sure, and
 * neither column counts as ours; the caller then treats both as the user's and writes into neither.
 */
export function ownColumnsIn(table: Box, headers: readonly Cell[], marked: readonly Box[]): number[] {
  const byName = new Map<string, number[]>();
  headers.forEach((header, i) => {
    const col = table.c0 + i;
    if (!isOutputHeader(header) || !marked.some((b) => col >= b.c0 && col <= b.c1)) return;
    const name = normaliseHeader(header);
    byName.set(name, [...(byName.get(name) ?? []), i]);
  });
  const own: number[] = [];
  for (const columns of byName.values()) if (columns.length === 1) own.push(columns[0]);
  return own.sort((a, b) => a - b);
}

/** The marker for output columns at these table columns: one box per run of adjacent columns, header to last row. */
export function markerFor(sheet: string, table: Box, columns: readonly number[]): Marker {
  const sorted = [...new Set(columns)].sort((a, b) => a - b);
  const boxes: Box[] = [];
  for (const c of sorted) {
    const col = table.c0 + c;
    const last = boxes[boxes.length - 1];
    if (last && last.c1 === col - 1) last.c1 = col;
    else boxes.push({ r0: table.r0, r1: table.r1, c0: col, c1: col });
  }
  return { sheet, boxes };
}
