// The CLI's work without its I/O: read the opportunity table from workbook bytes or CSV text, qualify every row
// with the engine's table service, and produce the output file's content. Rows are qualified in chunks and only
// what is written (the output values, the summary, and JSON lines when asked) is kept, so long files stay
// within memory.
// Only translates between the file adapter and the engine; every number comes from src/model.
import {
  describeProblem,
  describeSettingProblem,
  OUTPUT_COLUMNS,
  outputColumnsFor,
  outputRowAt,
  WIN_COLUMNS,
  SummaryBuilder,
  tableQualifier,
  unrecognisedProblems,
  type TableQualifier,
  type Assessment,
  type Cell,
  type FieldKey,
  type OutputColumn,
  type PipelineSummary,
  problem,
  type Problem,
  type ScoringModel,
} from "../model";
import { csvField } from "../files/csv";
import { eachCsvRecord, outputLine, scanCsv, type ByteSource } from "../files/csvFile";
import type { CsvRecord } from "../files/csvParser";
import { createEncoder, type TextEncodingName } from "../files/textEncoding";
import { bomBytes } from "../files/textEncoding";
import { cellAddress } from "../port/a1";
import { outputFormats, outputNumberFormats } from "../port/formats";
import type { OutputValue } from "../port/output-cells";
import { ownColumnsIn } from "../port/marker";
import { outputBlock, planOutputColumns } from "../port/plan";
import { OUTPUT_MARKER, OUTPUT_MARKER_COMMENT } from "../port/workbook";
import { openWorkbook, type OutputRows, type SheetTable, type ZipCodec, type ZipSource } from "../files/xlsx";

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

/** What a CSV input is, for the summary: "CSV", its encoding unless UTF-8, the zip archive it came in. */
export function csvWhere(encoding: TextEncodingName, inside: string | null): string {
  const named = encoding === "utf-8" ? "" : `, ${encoding}`;
  return `CSV${named}${inside === null ? "" : `, ${inside} in the zip archive`}`;
}

export interface ScoreOptions {
  model: ScoringModel;
  asOf: number;
  sheet?: string;
  /** The Excel table to read, by name. */
  table?: string;
  /** A CSV's encoding, instead of the one detected. */
  encoding?: TextEncodingName;
  /** The CSV's name inside the zip archive it was read from, if it was: said in the summary. */
  inside?: string | null;
  /** Called with each assessed row and its 1-based sheet row number (JSON Lines output). */
  onAssessment?: (a: Assessment, row: number) => void;
  /** Compute counterfactuals, for the Next step column (a search: costs more than the rest). */
  counterfactual?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** The zip codec for xlsx packages (Node's zlib in the CLI); the adapter's pure-JS default otherwise. */
  codec?: ZipCodec;
}

export interface Scored {
  /** The output file's content; absent when none was asked for (JSON Lines only). */
  output?: Uint8Array;
  /** A workbook's output, handed to `write` piece by piece (scoreWorkbook with `streamOutput`). */
  save?: (write: (bytes: Uint8Array) => void) => void;
  summary: PipelineSummary;
  /** What the mapping left undecided and the values no field recognised, one problem per column. */
  notes: Problem[];
  /** Which column was read as which field, in column order. */
  recognised: { header: string; field: FieldKey }[];
  where: string; // "sheet 'Pipeline', table 'Pipeline'" or "CSV"
  updated: boolean; // the file had this tool's columns already, and they were updated in place
}

const CHUNK = 5000;
const EMPTY_ROW: Cell[] = [];
/** Rows whose values decide headers that could name two fields (matchHeaders reads their first values). */
export const SAMPLE_ROWS = 200;

/** Which column was read as which field, in column order. */
function recognisedOf(q: TableQualifier, headers: readonly Cell[]): { header: string; field: FieldKey }[] {
  return (Object.entries(q.mapping.columns) as [FieldKey, number][])
    .sort((a, b) => a[1] - b[1])
    .map(([field, col]) => ({ header: String(headers[col] ?? ""), field }));
}

/** The mapping's problems and each column's unrecognised values (once every row is qualified). */
function notesOf(q: TableQualifier): Problem[] {
  return [...(q.mapping.problems ?? []), ...unrecognisedProblems(q.unrecognised())];
}

/**
 * The output rows of a table, qualified chunk by chunk when the writer asks for them, in order: the xlsx writer
 * takes each row once as it rewrites the sheet, so no more than a chunk of outputs (and of input rows, which are
 * let go once qualified) is held at a time. finish() qualifies whatever was not asked for and
 * gives the pipeline summary.
 */
class QualifiedRows implements OutputRows {
  readonly length: number;
  private readonly qualifier: TableQualifier;
  private readonly summary: SummaryBuilder;
  private chunk: readonly (readonly OutputValue[])[] = [];
  private start = 0; // the table row of chunk[0]
  private next = 0; // the first table row not yet qualified
  private taken = 0; // rows up to here were handed over (see take)
  private readonly win: boolean; // the model has a learned win model: rows go on under the win columns
  private readonly width: number; // values per output row: the outputs, and earlier win columns blanked

  /** `length` rows under the table's headers, not in `table.rows` yet: they are handed over with take(). */
  constructor(
    private readonly table: { headers: Cell[]; rows: Cell[][] },
    private readonly firstRow: number,
    private readonly opts: ScoreOptions,
    length: number,
    width = outputColumnsFor(opts.model).length,
  ) {
    this.length = length;
    this.win = opts.model.winModel !== undefined;
    this.width = width;
    this.summary = new SummaryBuilder(opts.model.currency);
    // Streamed, table.rows holds the first rows only (readTable's sample): enough to decide ambiguous headers.
    this.qualifier = tableQualifier(table.headers, {
      model: opts.model,
      asOf: opts.asOf,
      detail: opts.onAssessment ? "assessments" : "rationale",
      counterfactual: opts.counterfactual ?? false,
      sample: table.rows.slice(0, SAMPLE_ROWS).filter((r) => r !== undefined),
    });
    // A table without any opportunity field is refused, even an empty one.
    if (this.qualifier.problems.length > 0) throw CliError.of(this.qualifier.problems[0]);
  }

  at(index: number): readonly OutputValue[] | undefined {
    if (index < 0 || index >= this.length) return undefined;
    if (index < this.start) throw new RangeError(`output row ${index} was asked for after row ${this.start}`);
    while (index >= this.start + this.chunk.length) this.qualifyNext(index);
    return this.chunk[index - this.start];
  }

  /** A data row as the sheet was read: rows never handed over are blank. */
  take(index: number, cells: Cell[]): void {
    this.table.rows[index] = cells;
    this.taken = Math.max(this.taken, index + 1);
  }

  private qualifyNext(upTo: number): void {
    const { table, opts } = this;
    const start = this.next;
    // Only the rows handed over so far can be qualified (and any row asked for: absent, so blank).
    const available = Math.max(this.taken, upTo + 1);
    const end = Math.min(this.length, start + CHUNK, available);
    const rows: Cell[][] = [];
    for (let i = start; i < end; i++) rows.push(table.rows[i] ?? EMPTY_ROW);
    const results = this.qualifier.rows(rows);
    const blank: OutputValue[] = new Array<OutputValue>(this.width).fill(null);
    const chunk: OutputValue[][] = [];
    for (let i = 0; i < results.length; i++) {
      const values: OutputValue[] | null = outputRowAt(results, i, this.win);
      // Earlier win columns the model no longer fills are blanked (see planOutputColumns).
      while (values && values.length < this.width) values.push(null);
      chunk.push(values ?? blank);
      const a = results.assessments?.[i];
      if (a) opts.onAssessment!(a, this.firstRow + start + i);
    }
    this.summary.add(results, start, false);
    // Input rows already qualified are not needed again: let them go to keep memory flat.
    for (let i = start; i < start + rows.length; i++) table.rows[i] = EMPTY_ROW;
    this.chunk = chunk;
    this.start = start;
    this.next = start + rows.length;
    opts.onProgress?.(this.next, this.length);
  }

  /** Qualifies the rows nobody asked for, and gives the summary of them all. */
  finish(): PipelineSummary {
    while (this.next < this.length) this.qualifyNext(this.length - 1);
    return this.summary.result();
  }

  recognised(): { header: string; field: FieldKey }[] {
    return recognisedOf(this.qualifier, this.table.headers);
  }

  notes(): Problem[] {
    return notesOf(this.qualifier);
  }
}

/**
 * Where the output columns go: over this tool's own columns when the workbook's marker names them, else right
 * of the data. A user's column that merely has one of our names is never overwritten.
 */
function outputStart(
  table: SheetTable,
  model: ScoringModel,
): { start: number; order: number[]; headers: OutputColumn[] } {
  const box = { r0: table.headerRow, c0: table.firstCol, r1: table.lastRow, c1: table.lastCol };
  const plan = planOutputColumns(
    table.headers,
    ownColumnsIn(box, table.headers, table.marker ? [table.marker] : []),
    outputColumnsFor(model),
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
  return {
    start: table.firstCol + block.first,
    order: block.order,
    headers: plan.columns.map((c) => c.header),
  };
}

/**
 * Output rows in the order the block's columns stand in the sheet (an earlier run's columns where they are, the
 * ones added since to their right), from rows in the plan's order.
 */
function inSheetOrder(rows: OutputRows, order: readonly number[]): OutputRows {
  if (order.every((k, i) => k === i)) return rows;
  return {
    length: rows.length,
    at(index) {
      const values = rows.at(index);
      return values && order.map((k) => values[k]);
    },
  };
}

export function scoreWorkbook(
  data: Uint8Array | ZipSource,
  opts: ScoreOptions & { write?: boolean; streamOutput?: boolean },
): Scored {
  const book = openWorkbook(data, { codec: opts.codec });
  // The data rows are not read up front: writing, the writer hands each block of rows over as it rewrites the
  // sheet; reading only (JSON Lines), the sheet is streamed; either way rows are qualified a chunk at a time, so
  // neither all inputs nor all outputs are ever held.
  const table = book.readTable({
    sheet: opts.sheet,
    table: opts.table,
    marker: OUTPUT_MARKER,
    keepRows: false,
    sampleRows: SAMPLE_ROWS,
  });
  const planned = outputStart(table, opts.model);
  const { start: startCol, order } = planned;
  const headers = order.map((k) => planned.headers[k]);
  // This tool's own earlier columns are outputs, not inputs: the engine's header matching already sets them apart.
  const rowCount = table.lastRow - table.headerRow;
  const outputs = new QualifiedRows(table, table.headerRow + 2, opts, rowCount, planned.headers.length);
  const where = `sheet '${table.sheetName}'${table.tableName ? `, table '${table.tableName}'` : ""}`;
  const updated = startCol <= table.lastCol;
  const described = () => ({ notes: outputs.notes(), recognised: outputs.recognised() });
  if (opts.write === false) {
    let due = CHUNK - 1;
    book.eachRow(table, (index, cells) => {
      outputs.take(index, cells);
      if (index < due) return;
      outputs.at(index); // qualifies the rows read so far, a chunk at a time, and lets them go
      due = index + CHUNK;
    });
    return { summary: outputs.finish(), where, updated, ...described() };
  }
  book.writeOutputs({
    sheetName: table.sheetName,
    headerRow: table.headerRow,
    firstDataRow: table.headerRow + 1,
    startCol,
    headers,
    rows: inSheetOrder(outputs, order),
    tableName: table.tableName,
    firstCol: table.firstCol,
    formats: outputFormats(headers),
    numberFormats: outputNumberFormats(headers),
    marker: { name: OUTPUT_MARKER, comment: OUTPUT_MARKER_COMMENT },
    input: { firstCol: table.firstCol, lastCol: table.lastCol, take: (i, cells) => outputs.take(i, cells) },
  });
  const summary = outputs.finish();
  if (opts.streamOutput)
    return { save: (write) => book.saveTo(write), summary, where, updated, ...described() };
  return { output: book.save(), summary, where, updated, ...described() };
}

/** Output bytes as they are produced, batched so the sink sees pieces of about a quarter megabyte. */
function textSink(write: (bytes: Uint8Array) => void, encoding: TextEncodingName) {
  const encode = createEncoder(encoding);
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    write(encode(pending.join("")));
    pending = [];
    size = 0;
  };
  return {
    text(s: string) {
      pending.push(s);
      size += s.length;
      if (size >= 1 << 18) flush();
    },
    flush,
  };
}

/**
 * Where a CSV's output columns go: over an earlier run's, when the header row ends with exactly the eight output
 * headers in order, or those and the two win columns (a CSV has no marker; that is how this tool leaves them);
 * otherwise after the widest row. Any other column carrying an output header is a user's, and stops the run as it
 * does for a workbook. An earlier run's win columns are written again (blank without a learned model), so a
 * run never leaves a stale chance beside new verdicts.
 */
function csvOutputBase(
  headers: readonly string[],
  width: number,
  outputs: readonly OutputColumn[],
): { base: number; replaced: number; columns: readonly OutputColumn[] } {
  const n = headers.length;
  const endsWith = (names: readonly OutputColumn[]) =>
    n >= names.length && names.every((name, i) => headers[n - names.length + i].trim() === name);
  const withWin = [...OUTPUT_COLUMNS, ...WIN_COLUMNS];
  const earlier = endsWith(withWin) ? withWin : endsWith(OUTPUT_COLUMNS) ? OUTPUT_COLUMNS : null;
  const k = earlier?.length ?? 0;
  const own = earlier ? earlier.map((_, i) => n - k + i) : [];
  const clash = planOutputColumns(headers, own, outputs).clashes.sort((a, b) => a.column - b.column)[0];
  if (clash) {
    throw CliError.of(
      problem("write.userColumn", { header: clash.title, cell: cellAddress(0, clash.column) }),
    );
  }
  const columns = earlier && earlier.length > outputs.length ? earlier : outputs;
  return earlier ? { base: n - k, replaced: k, columns } : { base: width, replaced: 0, columns };
}

/**
 * Scores a CSV in two streaming passes over its bytes (see src/files/csvFile.ts), writing the output through
 * `write` as it goes, or nothing when `write` is absent (JSON Lines only). The user's fields are copied from
 * the input's own text, in its encoding, with its BOM and "sep=" line: only the tool's columns are new.
 */
export function scoreCsvStream(
  source: ByteSource,
  write: ((bytes: Uint8Array) => void) | undefined,
  opts: ScoreOptions,
): Scored {
  const layout = scanCsv(source, opts.encoding);
  const headers = layout.headers;
  if (headers.every((h) => h.trim() === "")) throw CliError.of(problem("file.noHeaderRow", {}));
  // A quote left open swallows the rest of the file into one field: columns added after it would land inside
  // the user's text.
  if (layout.unclosedRow !== undefined && write)
    throw CliError.of(problem("file.unclosedQuote", { row: layout.unclosedRow }));
  const win = opts.model.winModel !== undefined;
  const { base, replaced, columns } = csvOutputBase(headers, layout.width, outputColumnsFor(opts.model));
  // The header row alone says whether there is anything to qualify, before a byte is written; the qualifier
  // itself waits for the first rows, whose values decide headers that could name two fields.
  const refused = tableQualifier(headers, { model: opts.model, asOf: opts.asOf }).problems;
  if (refused.length > 0) throw CliError.of(refused[0]);
  let made: TableQualifier | null = null;
  const qualifierFor = (first: readonly CsvRecord[]): TableQualifier =>
    (made ??= tableQualifier(headers, {
      model: opts.model,
      asOf: opts.asOf,
      detail: opts.onAssessment ? "assessments" : "rationale",
      counterfactual: opts.counterfactual ?? false,
      sample: first.slice(0, SAMPLE_ROWS).map((r) => r.fields),
    }));
  const d = layout.delimiter;
  const out = write ? textSink(write, layout.encoding) : undefined;
  if (write && layout.bom) write(bomBytes(layout.encoding));
  out?.text(layout.preamble);
  const summary = new SummaryBuilder(opts.model.currency);
  const blank = columns.map(() => "");
  let chunk: CsvRecord[] = [];
  let done = 0;
  const qualifyChunk = () => {
    if (chunk.length === 0) return;
    const results = qualifierFor(chunk).rows(chunk.map((r) => r.fields));
    for (let i = 0; i < chunk.length; i++) {
      const a = results.assessments?.[i];
      if (a) opts.onAssessment!(a, done + i + 2);
      if (out) {
        const values = outputRowAt(results, i, win);
        const fields = values ? columns.map((c, k) => csvCell(c, values[k] ?? null)) : blank;
        out.text(outputLine(chunk[i], base, replaced, d, fields, layout.newline));
      }
    }
    summary.add(results, done, false);
    done += chunk.length;
    chunk = [];
    opts.onProgress?.(done, layout.rows);
  };
  const headerFields = columns.map((h) => csvField(h));
  eachCsvRecord(source, layout, (r, index) => {
    if (index === 0) out?.text(outputLine(r, base, replaced, d, headerFields, layout.newline));
    else if (index <= layout.rows) {
      chunk.push(r);
      if (chunk.length >= CHUNK) qualifyChunk();
    } else {
      // Blank lines after the last row stay as they were.
      qualifyChunk();
      out?.text(r.raw + (r.newline || layout.newline));
    }
  });
  qualifyChunk();
  out?.flush();

  const q = qualifierFor([]);
  return {
    summary: summary.result(),
    notes: notesOf(q),
    recognised: recognisedOf(q, headers),
    where: csvWhere(layout.encoding, opts.inside ?? null),
    updated: replaced > 0,
  };
}

/**
 * An output value as CSV text: the win probability as a percentage ("34.2%", which Excel reads back as 0.342
 * shown as a percentage), everything else as the writers' shared csvField gives it.
 */
function csvCell(column: OutputColumn, value: OutputValue): string {
  if (column === "Win %" && typeof value === "number") return `${Math.round(value * 1000) / 10}%`;
  return csvField(value);
}

/** Scores CSV text held in memory (UTF-8); the output's bytes are returned. */
export function scoreCsv(text: string, opts: ScoreOptions): Scored {
  const bytes = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  const scored = scoreCsvStream(
    () => [bytes],
    (b) => pieces.push(b),
    opts,
  );
  const output = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    output.set(p, at);
    at += p.length;
  }
  return { ...scored, output };
}
