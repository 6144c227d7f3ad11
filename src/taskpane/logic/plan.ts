// Where each output column goes: onto the add-in's own column from an earlier run (marker), onto a user's
// column of the same name only with the user's consent, or appended to the right of the table.
import { OUTPUT_COLUMNS, normaliseHeader, type Cell, type OutputColumn } from "../../model";
import type { OutputColumnPlan } from "../../port/workbook";

export interface OutputPlan {
  columns: OutputColumnPlan[]; // in OUTPUT_COLUMNS order
  /** User columns carrying one of our header names: the pane asks before writing into them. */
  clashes: { header: OutputColumn; column: number; title: string }[];
}

export function planOutputColumns(headers: readonly Cell[], ownColumns: readonly number[]): OutputPlan {
  const own = new Set(ownColumns);
  const columns: OutputColumnPlan[] = [];
  const clashes: OutputPlan["clashes"] = [];
  let next = headers.length;
  for (const header of OUTPUT_COLUMNS) {
    const name = normaliseHeader(header);
    const matches = headers.flatMap((h, i) => (normaliseHeader(h) === name ? [i] : []));
    const mine = matches.find((i) => own.has(i));
    if (mine !== undefined) {
      columns.push({ header, column: mine, origin: "own" });
    } else if (matches.length > 0) {
      columns.push({ header, column: matches[0], origin: "user" });
      clashes.push({ header, column: matches[0], title: String(headers[matches[0]]) });
    } else {
      columns.push({ header, column: next++, origin: "new" });
    }
  }
  return { columns, clashes };
}

/** Table columns that are outputs in this plan: never read as opportunity fields. */
export function outputIndexes(plan: OutputPlan): Set<number> {
  return new Set(plan.columns.filter((c) => c.origin !== "new").map((c) => c.column));
}
