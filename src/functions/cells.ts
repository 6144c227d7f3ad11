// Excel's argument values as the engine's cells. With data types enabled (allowCustomDataForDataTypeAny),
// an `any` argument can carry a rich value object instead of a plain one; the engine only reads plain cells.
import type { Cell } from "../model/index";

interface RichValue {
  type?: unknown;
  basicValue?: unknown;
  text?: unknown;
  errorType?: unknown;
}

/** One Excel value as an engine cell: plain values pass through, rich values give their basic value. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return value as Cell;
  if (value instanceof Date) return value;
  if (t === "object") {
    const rich = value as RichValue;
    if (rich.type === "Error" || rich.errorType !== undefined) {
      return { error: typeof rich.basicValue === "string" ? rich.basicValue : "#VALUE!" };
    }
    // An entity's basic value is "#VALUE!"; what a person sees in the cell is its text.
    if (rich.type === "Entity" || rich.type === "LinkedEntity")
      return typeof rich.text === "string" ? rich.text : null;
    if (rich.basicValue !== undefined) return toCell(rich.basicValue);
    if (typeof rich.text === "string") return rich.text;
  }
  return null;
}

/** A matrix argument as rows of cells; a missing argument (null) or a non-matrix value is tolerated. */
export function toRows(arg: unknown): Cell[][] {
  if (arg === null || arg === undefined) return [];
  if (!Array.isArray(arg)) return [[toCell(arg)]];
  return arg.map((row) => (Array.isArray(row) ? row.map(toCell) : [toCell(row)]));
}

/** Width of a ragged matrix: the widest row (Excel sends rectangles, tests and callers may not). */
export function widthOf(rows: readonly (readonly Cell[])[]): number {
  let w = 0;
  for (const r of rows) if (r.length > w) w = r.length;
  return w;
}
