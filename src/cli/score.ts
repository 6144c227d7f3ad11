// The CLI's work without its I/O: read the opportunity table from workbook bytes or CSV text, qualify every row
// with the engine's table service, and produce the output file's content. Rows are qualified in chunks and only
// what is written (the output values, the summary, and JSON lines when asked) is kept, so long files stay
// within memory.
// Only translates between the file adapter and the engine; every number comes from src/model.
import {
  describeProblem,
  describeSettingProblem,
  OUTPUT_COLUMNS,
  outputRowAt,
  SummaryBuilder,
  tableQualifier,
  unrecognisedProblems,
  type TableQualifier,
  type Assessment,
  type Cell,
  type FieldKey,
  type PipelineSummary,
  problem,
  type Problem,
  type ScoringModel,
} from "../model";
import { mergeOutputColumns, readCsv, writeCsv } from "../files/csv";
import { cellAddress } from "../port/a1";
import { outputFormats } from "../port/formats";
import type { OutputValue } from "../port/output-cells";
import { ownColumnsIn } from "../port/marker";
import { outputBlock, planOutputColumns } from "../port/plan";
import { OUTPUT_MARKER, OUTPUT_MARKER_COMMENT } from "../port/workbook";
import { openWorkbook, type OutputRows, type SheetTable, type ZipCodec } from "../files/xlsx";

/**
 * A failure the CLI reports: its problems as data and where they happened (the file, or the option). Its
 * message is the CLI's printer's line without the program name: "pipeline.xlsx: sheet 'Foo' not found; …".
 */
export class CliError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly where?: string,
  ) {
    super(cliMessage(problems, where));
    this.name = "CliError";
  }

  static of(p: Problem, where?: string): CliError {
    return new CliError([p], where);
  }

  /** The same problems, said of `where` (the file they were found in), unless they already say where. */
  at(where: string): CliError {
    return this.where === undefined ? new CliError(this.problems, where) : this;
  }
}

/**
 * The CLI's printer: "<where>: <what>", a model's problems as "invalid model: <setting>: <what>; …" (all of
 * them: a terminal line may be long). `main` puts "qualify: " before it.
 */
function cliMessage(problems: readonly Problem[], where?: string): string {
  const what = problems.some((p) => p.code.startsWith("model."))
    ? `invalid model: ${problems.map(describeSettingProblem).join("; ")}`
    : problems.map(describeProblem).join("; ");
  return where === undefined ? what : `${where}: ${what}`;
}

export interface ScoreOptions {
  model: ScoringModel;
  asOf: number;
  sheet?: string;
  /** Called with each assessed row and its 1-based sheet row number (JSON Lines output). */
  onAssessment?: (a: Assessment, row: number) => void;
  /** Compute counterfactuals, for the Next step column (a search: costs more than the rest). */
  counterfactual?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The zip codec for xlsx packages (Node's zlib in the CLI); the adapter's pure-JS default otherwise. */
  codec?: ZipCodec;
}

export interface Scored {
  output: Uint8Array | string;
  summary: PipelineSummary;
  /** What the mapping left undecided and the values no field recognised, one problem per column. */
  notes: Problem[];
  /** Which column was read as which field, in column order. */
  recognised: { header: string; field: FieldKey }[];
  where: string; // "sheet 'Pipeline', table 'Pipeline'" or "CSV"
  updated: boolean; // the file had this tool's columns already, and they were updated in place
}

const CHUNK = 5000;
/** Rows whose values decide headers that could name two fields (matchHeaders reads their first values). */
const SAMPLE_ROWS = 200;

/**
 * The output rows of a table, qualified chunk by chunk when the writer asks for them, in order: the xlsx writer
 * takes each row once as it rewrites the sheet, so no more than a chunk of outputs (and of input rows, which are
 * let go once qualified when `release`) is held at a time. finish() qualifies whatever was not asked for and
 * gives the pipeline summary.
 */
class QualifiedRows implements OutputRows {
  readonly length: number;
  private readonly qualifier: TableQualifier;
  private readonly summary: SummaryBuilder;
  private chunk: readonly (readonly OutputValue[])[] = [];
  private start = 0; // the table row of chunk[0]
  private next = 0; // the first table row not yet qualified

  constructor(
    private readonly table: { headers: Cell[]; rows: Cell[][] },
    private readonly firstRow: number,
    private readonly opts: ScoreOptions,
    private readonly release: boolean,
  ) {
    this.length = table.rows.length;
    this.summary = new SummaryBuilder(opts.model.currency);
    this.qualifier = tableQualifier(table.headers, {
      model: opts.model,
      asOf: opts.asOf,
      detail: opts.onAssessment ? "assessments" : "rationale",
      counterfactual: opts.counterfactual ?? false,
      sample: table.rows.slice(0, SAMPLE_ROWS),
    });
    // A table without any opportunity field is refused, even an empty one.
    if (this.qualifier.problems.length > 0) throw CliError.of(this.qualifier.problems[0]);
  }

  at(index: number): readonly OutputValue[] | undefined {
    if (index < 0 || index >= this.length) return undefined;
    if (index < this.start) throw new RangeError(`output row ${index} was asked for after row ${this.start}`);
    while (index >= this.start + this.chunk.length) this.qualifyNext();
    return this.chunk[index - this.start];
  }

  private qualifyNext(): void {
    const { table, opts } = this;
    const start = this.next;
    const rows = table.rows.slice(start, start + CHUNK);
    const results = this.qualifier.rows(rows);
    const blank = OUTPUT_COLUMNS.map(() => null);
    const chunk: OutputValue[][] = [];
    for (let i = 0; i < results.length; i++) {
      chunk.push(outputRowAt(results, i) ?? blank);
      const a = results.assessments?.[i];
      if (a) opts.onAssessment!(a, this.firstRow + start + i);
    }
    this.summary.add(results, start, false);
    // Input rows already qualified are not needed again: let them go to keep memory flat.
    if (this.release) for (let i = start; i < start + rows.length; i++) table.rows[i] = [];
    this.chunk = chunk;
    this.start = start;
    this.next = start + rows.length;
    opts.onProgress?.(this.next, this.length);
  }

  /** Qualifies the rows nobody asked for, and gives the summary of them all. */
  finish(): PipelineSummary {
    while (this.next < this.length) this.qualifyNext();
    return this.summary.result();
  }

  /** Which column was read as which field, in column order. */
  recognised(): { header: string; field: FieldKey }[] {
    return (Object.entries(this.qualifier.mapping.columns) as [FieldKey, number][])
      .sort((a, b) => a[1] - b[1])
      .map(([field, col]) => ({ header: String(this.table.headers[col] ?? ""), field }));
  }

  /** The mapping's problems and each column's unrecognised values (after finish). */
  notes(): Problem[] {
    return [
      ...(this.qualifier.mapping.problems ?? []),
      ...unrecognisedProblems(this.qualifier.unrecognised()),
    ];
  }
}

/** Every row's outputs at once, and the summary (the CSV writer takes the whole table). */
function qualifyAll(table: { headers: Cell[]; rows: Cell[][] }, firstRow: number, opts: ScoreOptions) {
  const rows = new QualifiedRows(table, firstRow, opts, false);
  const outputs = Array.from({ length: rows.length }, (_, i) => rows.at(i)!);
  return { outputs, summary: rows.finish(), notes: rows.notes(), recognised: rows.recognised() };
}

/**
 * Where the output columns go: over this tool's own columns when the workbook's marker names them, else right
 * of the data. A user's column that merely has one of our names is never overwritten.
 */
function outputStart(table: SheetTable): number {
  const box = { r0: table.headerRow, c0: table.firstCol, r1: table.lastRow, c1: table.lastCol };
  const plan = planOutputColumns(
    table.headers,
    ownColumnsIn(box, table.headers, table.marker ? [table.marker] : []),
  );
  const clash = [...plan.clashes].sort((a, b) => a.column - b.column)[0];
  if (clash) {
    const ref = cellAddress(table.headerRow, table.firstCol + clash.column);
    throw CliError.of(problem("write.userColumn", { header: clash.header, cell: ref }));
  }
  const block = outputBlock(plan.columns);
  if ("apart" in block) {
    const cell = cellAddress(table.headerRow, table.firstCol + block.apart);
    throw CliError.of(problem("write.columnsApart", { cell }));
  }
  return table.firstCol + block.first;
}

export function scoreWorkbook(data: Uint8Array, opts: ScoreOptions): Scored {
  const book = openWorkbook(data, { codec: opts.codec });
  const table = book.readTable({ sheet: opts.sheet, marker: OUTPUT_MARKER });
  const startCol = outputStart(table);
  // This tool's own earlier columns are outputs, not inputs: the engine's header matching already sets them apart.
  // Rows are qualified as the writer reaches them, so neither all inputs nor all outputs are held at once.
  const outputs = new QualifiedRows(table, table.headerRow + 2, opts, true);
  book.writeOutputs({
    sheetName: table.sheetName,
    headerRow: table.headerRow,
    firstDataRow: table.headerRow + 1,
    startCol,
    headers: [...OUTPUT_COLUMNS],
    rows: outputs,
    tableName: table.tableName,
    firstCol: table.firstCol,
    formats: outputFormats(OUTPUT_COLUMNS),
    marker: { name: OUTPUT_MARKER, comment: OUTPUT_MARKER_COMMENT },
  });
  const summary = outputs.finish();
  const output = book.save();
  return {
    output,
    summary,
    notes: outputs.notes(),
    recognised: outputs.recognised(),
    where: `sheet '${table.sheetName}'${table.tableName ? `, table '${table.tableName}'` : ""}`,
    updated: startCol <= table.lastCol,
  };
}

export function scoreCsv(text: string, opts: ScoreOptions): Scored {
  const table = readCsv(text);
  if (table.headers.every((h) => h === null || String(h).trim() === ""))
    throw CliError.of(problem("file.noHeaderRow", {}));
  const { outputs, summary, notes, recognised } = qualifyAll(table, 2, opts);
  const merged = mergeOutputColumns(table, [...OUTPUT_COLUMNS], outputs);
  return {
    output: writeCsv(merged.headers, merged.rows, { delimiter: table.delimiter }),
    summary,
    notes,
    recognised,
    where: "CSV",
    updated: merged.replaced,
  };
}
