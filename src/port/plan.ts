// Where the output columns go and whether a write may go ahead, one set of rules for every shell: the task pane
// plans with them, both workbook adapters (Office.js and the file) check a write request with them, and the CLI
// refuses a user's column with them. Output columns land on this tool's own columns from an earlier run (the
// marker), on a user's column of the same name only with the user's consent (the CLI never asks), or to the right.
import {
  OUTPUT_COLUMNS,
  WIN_COLUMNS,
  normaliseHeader,
  outputColumnOf,
  problem,
  type Cell,
  type OutputColumn,
} from "../model";
import { TableChangedError, describeTable, type OutputColumnPlan, type WriteRequest } from "./workbook";

export interface OutputPlan {
  columns: OutputColumnPlan[]; // in the order of the outputs asked for, then any earlier win columns kept
  /** User columns carrying one of our header names: the pane asks before writing into them, the CLI refuses. */
  clashes: { header: OutputColumn; column: number; title: string }[];
}

/**
 * Plans the output columns of a table with these headers, given the columns (0-based) its marker says are ours and
 * the outputs to write (outputColumnsFor(model): the eight, and the win columns with a learned model). Win columns
 * an earlier run wrote are planned too when not asked for, so a run without the learned model blanks them rather
 * than leave a stale chance beside new verdicts.
 */
export function planOutputColumns(
  headers: readonly Cell[],
  ownColumns: readonly number[],
  outputs: readonly OutputColumn[] = OUTPUT_COLUMNS,
): OutputPlan {
  const own = new Set(ownColumns);
  const columns: OutputColumnPlan[] = [];
  const clashes: OutputPlan["clashes"] = [];
  let next = headers.length;
  for (const header of outputs) {
    const matches = headers.flatMap((h, i) => (outputColumnOf(h) === header ? [i] : []));
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
  for (const header of WIN_COLUMNS) {
    if (outputs.includes(header)) continue;
    const mine = headers.findIndex((h, i) => own.has(i) && outputColumnOf(h) === header);
    if (mine >= 0) columns.push({ header, column: mine, origin: "own" });
  }
  return { columns, clashes };
}

/** Table columns that are outputs in this plan: never read as opportunity fields. */
export function outputIndexes(plan: OutputPlan): Set<number> {
  return new Set(plan.columns.filter((c) => c.origin !== "new").map((c) => c.column));
}

/**
 * The planned columns as one block of adjacent table columns, for writers that write a block (the xlsx file):
 * its first table column and the plan's entries in table order; or the first column that stands apart.
 */
export function outputBlock(
  columns: readonly OutputColumnPlan[],
): { first: number; order: number[] } | { apart: number } {
  const order = columns.map((_, i) => i).sort((a, b) => columns[a].column - columns[b].column);
  const gap = order.findIndex((i, k) => k > 0 && columns[i].column !== columns[order[k - 1]].column + 1);
  if (gap >= 0) return { apart: columns[order[gap]].column };
  return { first: columns[order[0]]?.column ?? 0, order };
}

const sameHeader = (a: Cell, b: Cell): boolean => normaliseHeader(a) === normaliseHeader(b);

const sameText = (a: Cell, b: Cell): boolean =>
  String(a ?? "")
    .trim()
    .toLowerCase() ===
  String(b ?? "")
    .trim()
    .toLowerCase();

/**
 * Refuses a write request that no longer fits the table as it is now: its headers or row count changed since the
 * values were computed, an "own" column is not (or no longer) this tool's, a "user" column lost its header, or a
 * "new" column would land on an existing one. Throws TableChangedError; nothing may be written then.
 */
export function checkWriteRequest(
  request: WriteRequest,
  now: { headers: readonly Cell[]; rowCount: number; ownColumns: readonly number[] },
): void {
  const { ref, expected, columns } = request;
  const { headers } = now;
  if (
    now.rowCount !== expected.rowCount ||
    headers.length !== expected.headers.length ||
    headers.some((h, i) => !sameText(h, expected.headers[i]))
  ) {
    throw new TableChangedError(problem("table.changed", { table: describeTable(ref) }));
  }
  const mine = new Set(now.ownColumns);
  const refused = columns.find((c) =>
    c.origin === "own"
      ? !mine.has(c.column) || !sameHeader(headers[c.column], c.header)
      : c.origin === "user"
        ? !sameHeader(headers[c.column], c.header)
        : c.column < headers.length,
  );
  if (refused) {
    throw new TableChangedError(
      problem("table.notOutputColumn", { table: describeTable(ref), column: refused.column + 1 }),
    );
  }
}
