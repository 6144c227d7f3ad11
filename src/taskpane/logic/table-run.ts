// A qualification run as plain data: the engine's table service over the rows in slices (so the pane can show
// progress and cancel), the pipeline per verdict, and the write request for the port.
import {
  OUTPUT_COLUMNS,
  outputColumnsFor,
  outputRowAt,
  SummaryBuilder,
  tableQualifier,
  type Cell,
  type HeaderMapping,
  type ScoringModel,
  type Verdict,
  type VerdictTotal,
  type UnrecognisedValues,
} from "../../model";
import type { OutputValue } from "../../port/output-cells";
import type { RunControl, TableData, TableRef, WriteRequest } from "../../port/workbook";
import { parseBox } from "../../port/a1";
import type { OutputPlan } from "../../port/plan";

export class CancelledError extends Error {
  constructor() {
    super("Cancelled");
    this.name = "CancelledError";
  }
}

/** A whole table qualified: the output values per row (blanks for an empty row) and the pipeline summary. */
export interface TableRun {
  values: OutputValue[][];
  summary: Summary;
  unrecognised: UnrecognisedValues[]; // each mapped column's values the model did not recognise
}

const SLICE = 1000;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function text(cell: Cell): string {
  if (cell === null || cell === undefined || typeof cell === "object") return "";
  return String(cell).trim();
}

/** The sheet row (1-based) of a table's first data row: the row under its header. */
export function firstDataRow(ref: TableRef): number {
  return parseBox(ref.address).r0 + 2;
}

/**
 * "Enterprise SD-WAN (OPP-1105)": the name a manager knows, with the id that tells duplicates apart. Without an
 * id, customer and name with the sheet row ("Acme · SD-WAN (row 12)"), so rows named alike stay apart.
 * `firstRow` is the sheet row (1-based) of data row 0.
 */
export function rowLabel(row: readonly Cell[], i: number, mapping: HeaderMapping, firstRow = 2): string {
  const cell = (c: number | undefined) => (c === undefined ? "" : text(row[c]));
  const name = cell(mapping.columns.name);
  const id = cell(mapping.columns.id);
  const customer = cell(mapping.columns.customer);
  if (id) return `${name || customer || "Opportunity"} (${id})`;
  const who = [customer, name].filter((t) => t !== "").join(" · ");
  return who ? `${who} (row ${firstRow + i})` : `Row ${firstRow + i}`;
}

/**
 * Qualifies every row with `mapping`. A row is empty when all its mapped input cells are (output columns do not
 * count). Every row's next step (its counterfactual, or what to collect) is written to the Next step column and
 * shown in the summary.
 */
export async function qualifyRows(
  rows: readonly Cell[][],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
  control: RunControl = {},
  firstRow = 2, // the sheet row of rows[0], for naming rows without an id
  headers: readonly Cell[] = [], // the table's header row: a currency column is found by its header
): Promise<TableRun> {
  const qualifier = tableQualifier(headers, {
    model,
    asOf,
    mapping,
    detail: "rationale",
    counterfactual: true,
  });
  const values: OutputValue[][] = [];
  const summary = new SummaryBuilder(model.currency);
  const win = model.winModel !== undefined;
  const blank: OutputValue[] = outputColumnsFor(model).map(() => null);
  for (let start = 0; start < rows.length; start += SLICE) {
    if (control.signal?.aborted) throw new CancelledError();
    const end = Math.min(rows.length, start + SLICE);
    const results = qualifier.rows(rows.slice(start, end));
    for (let i = 0; i < results.length; i++) values.push(outputRowAt(results, i, win) ?? blank);
    summary.add(results, start);
    control.onProgress?.(end, rows.length);
    if (end < rows.length) await yieldToUi();
  }
  const s = summary.result();
  return {
    values,
    unrecognised: qualifier.unrecognised(),
    summary: {
      totals: s.totals,
      assessed: s.count,
      closed: s.closed,
      valueText: s.valueText,
      expectedText: s.expectedText,
      empty: rows.length - s.count - s.closed.won - s.closed.lost - s.closed.other,
      attention: s.attention.map(({ index, verdict, score }) => ({
        row: index,
        label: rowLabel(rows[index], index, mapping, firstRow),
        verdict,
        score,
        rationale: String(values[index][OUTPUT_COLUMNS.indexOf("Rationale")]),
        nextStep: (values[index][OUTPUT_COLUMNS.indexOf("Next step")] as string) || null,
        win: win ? (values[index][OUTPUT_COLUMNS.length] as number | null) : null,
      })),
    },
  };
}

export type { VerdictTotal };

export interface Attention {
  row: number; // 0-based data row
  label: string;
  verdict: Verdict;
  score: number;
  nextStep: string | null; // its Next step: what would change the verdict, or what to collect
  rationale: string;
  win: number | null; // the learned win probability (0–1), with a learned model
}

export interface Summary {
  totals: VerdictTotal[];
  assessed: number;
  closed: { won: number; lost: number; other: number }; // closed deals: history, not assessed as pursuits
  valueText: string; // the pipeline's value, per currency unless the model's rates convert it
  expectedText: string | null; // with a learned model: the expected value (win % × deal value − bid cost)
  empty: number;
  attention: Attention[]; // conditional first, then not qualified; best score first within each
}

/**
 * The port's write request: one output row per data row (blank for empty rows), and the old cells to undo with.
 * Columns the plan has beyond the values (an earlier run's win columns, without a learned model now) are blanked.
 */
export function buildWriteRequest(data: TableData, plan: OutputPlan, values: OutputValue[][]): WriteRequest {
  const width = plan.columns.length;
  return {
    ref: data.ref,
    expected: { headers: data.headers, rowCount: data.rows.length },
    columns: plan.columns,
    values: values.map((row) =>
      row.length >= width ? row : [...row, ...new Array<OutputValue>(width - row.length).fill(null)],
    ),
    previous: plan.columns.map((c) =>
      c.origin === "new" ? null : data.rows.map((r) => r[c.column] ?? null),
    ),
  };
}
