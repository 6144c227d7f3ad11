// One press of "Qualify", without the UI: read the table once, resolve the mapping, assess, write. The pane
// and the tests drive the same function, so what is tested is what the button does.
import {
  outputColumnsFor,
  problem,
  recognisedCount,
  type Problem,
  type ScoringModel,
  type UnrecognisedValues,
} from "../../model";
import {
  SAMPLE_ROWS,
  type RunControl,
  type StoredMapping,
  type TableData,
  type TableRef,
  type WorkbookPort,
  type WriteResult,
} from "../../port/workbook";
import { resolveMapping, type Mapping } from "./mapping";
import { outputIndexes, planOutputColumns, type OutputPlan } from "../../port/plan";
import { buildWriteRequest, firstDataRow, qualifyRows, type Summary } from "./table-run";

export type Phase = "reading" | "assessing" | "writing";

export interface QualifyOptions {
  model: ScoringModel;
  asOf: number;
  mapping: StoredMapping | null;
  /** The user agreed to write into their own columns that carry our header names. */
  allowUserColumns: boolean;
  signal?: AbortSignal;
  onProgress?: (phase: Phase, done: number, total: number) => void;
}

export type QualifyOutcome =
  | {
      kind: "done";
      result: WriteResult;
      data: TableData;
      summary: Summary;
      plan: OutputPlan;
      mapping: Mapping;
      unrecognised: UnrecognisedValues[];
    }
  | { kind: "needs-consent"; plan: OutputPlan }
  | { kind: "problem"; problem: Problem };

export async function pressQualify(
  port: WorkbookPort,
  ref: TableRef,
  options: QualifyOptions,
): Promise<QualifyOutcome> {
  const control = (phase: Phase): RunControl => ({
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.(phase, done, total),
  });
  const data = await port.readTable(ref, control("reading"));
  const plan = planOutputColumns(data.headers, data.ownColumns, outputColumnsFor(options.model));
  if (plan.clashes.length > 0 && !options.allowUserColumns) return { kind: "needs-consent", plan };
  const mapping = resolveMapping(data.headers, options.mapping, outputIndexes(plan), {
    model: options.model,
    sample: data.rows.slice(0, SAMPLE_ROWS), // the rows the pane's preview mapped by: the same mapping
  });
  if (recognisedCount(mapping.engine) === 0) {
    return {
      kind: "problem",
      problem: problem("table.noFields", { headers: data.headers.map((h) => String(h ?? "")) }),
    };
  }
  const run = await qualifyRows(
    data.rows,
    mapping.engine,
    options.model,
    options.asOf,
    control("assessing"),
    firstDataRow(data.ref),
    data.headers,
  );
  const request = buildWriteRequest(data, plan, run.values);
  const result = await port.writeOutputs(request, control("writing"));
  return {
    kind: "done",
    result,
    data,
    summary: run.summary,
    plan,
    mapping,
    unrecognised: run.unrecognised,
  };
}
