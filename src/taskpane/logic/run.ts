// A qualification run as plain data: assess every row in slices (so the pane can show progress and cancel),
// sum the pipeline per verdict, and turn the assessments into the write request for the port.
import {
  assess,
  isEmptyOpportunity,
  outputRow,
  readOpportunity,
  summarise as summariseAssessments,
  type Assessment,
  type Cell,
  type HeaderMapping,
  type ScoringModel,
  type Verdict,
  type VerdictTotal,
} from "../../model";
import type { OutputValue, RunControl, TableData, WriteRequest } from "../../port/workbook";
import type { OutputPlan } from "../../port/plan";

export class CancelledError extends Error {
  constructor() {
    super("Cancelled");
    this.name = "CancelledError";
  }
}

export interface RowOutcome {
  assessment: Assessment | null; // null: an empty row
  label: string;
}

const SLICE = 1000;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function text(cell: Cell): string {
  if (cell === null || cell === undefined || typeof cell === "object") return "";
  return String(cell).trim();
}

/** Assesses every row with `mapping`. A row is empty when all its mapped input cells are (output columns do not count). */
export async function assessRows(
  rows: readonly Cell[][],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
  control: RunControl = {},
): Promise<RowOutcome[]> {
  const cell = (row: readonly Cell[], c: number | undefined) => (c === undefined ? "" : text(row[c]));
  /** "Enterprise SD-WAN (OPP-1105)": the name a manager knows, with the id that tells duplicates apart. */
  const labelOf = (row: readonly Cell[], i: number) => {
    const name = cell(row, mapping.columns.name);
    const id = cell(row, mapping.columns.id);
    if (name && id) return `${name} (${id})`;
    return name || id || cell(row, mapping.columns.customer) || `Row ${i + 1}`;
  };
  const out: RowOutcome[] = [];
  for (let start = 0; start < rows.length; start += SLICE) {
    if (control.signal?.aborted) throw new CancelledError();
    const end = Math.min(rows.length, start + SLICE);
    for (let i = start; i < end; i++) {
      const row = rows[i];
      const label = labelOf(row, i);
      if (isEmptyOpportunity(row, mapping)) {
        out.push({ assessment: null, label });
        continue;
      }
      const opp = readOpportunity(row, mapping);
      // Counterfactuals cost four times the rest of an assessment and are not written to cells: they are worked
      // out later, only for the opportunities the summary shows (see explain()).
      out.push({ assessment: assess(opp, model, { asOf, counterfactual: false }), label });
    }
    control.onProgress?.(end, rows.length);
    if (end < rows.length) await yieldToUi();
  }
  return out;
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

/** The engine's pipeline summary, with the row labels the pane shows. */
export function summarise(outcomes: readonly RowOutcome[]): Summary {
  const s = summariseAssessments(outcomes.map((o) => o.assessment));
  return {
    totals: s.totals,
    assessed: s.count,
    empty: outcomes.length - s.count,
    attention: s.attention.map(({ index, assessment: a }) => ({
      row: index,
      label: outcomes[index].label,
      verdict: a.verdict,
      score: a.score,
      rationale: a.rationale,
    })),
  };
}

/** Fills in "would qualify if …" for these summary entries (the ones on screen), from the rows they came from. */
export function explain(
  items: readonly Attention[],
  rows: readonly Cell[][],
  mapping: HeaderMapping,
  model: ScoringModel,
  asOf: number,
): Attention[] {
  return items.map((item) =>
    item.counterfactual !== undefined
      ? item
      : {
          ...item,
          counterfactual: assess(readOpportunity(rows[item.row], mapping), model, { asOf }).counterfactual,
        },
  );
}

/** The port's write request: one output row per data row (blank for empty rows), and the old cells to undo with. */
export function buildWriteRequest(
  data: TableData,
  plan: OutputPlan,
  outcomes: readonly RowOutcome[],
): WriteRequest {
  const blank: OutputValue[] = plan.columns.map(() => null);
  return {
    ref: data.ref,
    expected: { headers: data.headers, rowCount: data.rows.length },
    columns: plan.columns,
    values: outcomes.map((o) => (o.assessment ? (outputRow(o.assessment) as OutputValue[]) : blank)),
    previous: plan.columns.map((c) =>
      c.origin === "new" ? null : data.rows.map((r) => r[c.column] ?? null),
    ),
  };
}
