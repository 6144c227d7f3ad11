// A qualification run as plain data: the engine's table service over the rows in slices (so the pane can show
// progress and cancel), the pipeline per verdict, and the write request for the port.
import {
  OUTPUT_COLUMNS,
  outputRowAt,
  qualifyTable,
  SummaryBuilder,
  tableQualifier,
  type Cell,
  type HeaderMapping,
  type ScoringModel,
  type Verdict,
  type VerdictTotal,
} from "../../model";
import type { OutputValue } from "../../port/output-cells";
import type { RunControl, TableData, WriteRequest } from "../../port/workbook";
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
}

const SLICE = 1000;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function text(cell: Cell): string {
  if (cell === null || cell === undefined || typeof cell === "object") return "";
  return String(cell).trim();
}

/** "Enterprise SD-WAN (OPP-1105)": the name a manager knows, with the id that tells duplicates apart. */
export function rowLabel(row: readonly Cell[], i: number, mapping: HeaderMapping): string {
  const cell = (c: number | undefined) => (c === undefined ? "" : text(row[c]));
  const name = cell(mapping.columns.name);
  const id = cell(mapping.columns.id);
  if (name && id) return `${name} (${id})`;
  return name || id || cell(mapping.columns.customer) || `Row ${i + 1}`;
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
): Promise<TableRun> {
  const qualifier = tableQualifier([], { model, asOf, mapping, detail: "rationale", counterfactual: true });
  const values: OutputValue[][] = [];
  const summary = new SummaryBuilder();
  const blank: OutputValue[] = OUTPUT_COLUMNS.map(() => null);
  for (let start = 0; start < rows.length; start += SLICE) {
    if (control.signal?.aborted) throw new CancelledError();
    const end = Math.min(rows.length, start + SLICE);
    const results = qualifier.rows(rows.slice(start, end));
    for (let i = 0; i < results.length; i++) values.push(outputRowAt(results, i) ?? blank);
    summary.add(results, start);
    control.onProgress?.(end, rows.length);
    if (end < rows.length) await yieldToUi();
  }
  const s = summary.result();
  return {
    values,
    summary: {
      totals: s.totals,
      assessed: s.count,
      empty: rows.length - s.count,
      attention: s.attention.map(({ index, verdict, score }) => ({
        row: index,
        label: rowLabel(rows[index], index, mapping),
        verdict,
        score,
        rationale: String(values[index][OUTPUT_COLUMNS.indexOf("Rationale")]),
        counterfactual: (values[index][OUTPUT_COLUMNS.indexOf("Next step")] as string) || null,
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
  counterfactual?: string | null; // undefined until explain() has worked it out
  rationale: string;
}

export interface Summary {
  totals: VerdictTotal[];
  assessed: number;
  empty: number;
  attention: Attention[]; // conditional first, then not qualified; best score first within each
}

/**
 * Fills in the next step ("Would qualify if …", or what to collect) of summary entries that lack it, from the rows
 * they came from.
 */
export function explain(
  items: readonly Attention[],
  rows: readonly Cell[][],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
): Attention[] {
  const todo = items.filter((item) => item.counterfactual === undefined);
  const { results } = qualifyTable(
    { headers: [], rows: todo.map((item) => rows[item.row]) },
    { model, asOf, mapping, counterfactual: true },
  );
  const found = new Map(todo.map((item, k) => [item, results.nextStep![k]]));
  return items.map((item) => (found.has(item) ? { ...item, counterfactual: found.get(item)! } : item));
}

/** The port's write request: one output row per data row (blank for empty rows), and the old cells to undo with. */
export function buildWriteRequest(data: TableData, plan: OutputPlan, values: OutputValue[][]): WriteRequest {
  return {
    ref: data.ref,
    expected: { headers: data.headers, rowCount: data.rows.length },
    columns: plan.columns,
    values,
    previous: plan.columns.map((c) =>
      c.origin === "new" ? null : data.rows.map((r) => r[c.column] ?? null),
    ),
  };
}
