// `qualify score <file>`: scores every opportunity in an .xlsx or .csv file and writes Verdict, Score, Grade,
// Risk, Effort (pd) and Rationale beside the data. I/O lives here: reading the input, loading the model, writing
// the output through a temporary file and a rename, and turning every failure into one line and exit code 2.
import { Command, CommanderError } from "commander";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import {
  defaultModel,
  errorText,
  loadModel,
  ModelError,
  partsToSerial,
  problem,
  ProblemError,
  todaySerial,
  type Assessment,
} from "../model";
import { jsonLine, progressBar, summaryText } from "./report";
import { nodeCodec } from "./codec";
import { lineOutput } from "./output";
import { CliError, scoreCsvStream, scoreWorkbook, type Scored } from "./score";
import { encodingLabels, encodingNamed } from "../files/textEncoding";

interface Options {
  sheet?: string;
  table?: string;
  encoding?: string;
  model?: string;
  out?: string;
  inPlace?: boolean;
  json?: boolean;
  asOf?: string;
}

function readModel(file: string) {
  if (!existsSync(file)) throw CliError.of(problem("cli.fileNotFound", { kind: "model" }), file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw CliError.of(problem("model.json", { error: (e as Error).message }), file);
  }
  try {
    return loadModel(json, defaultModel);
  } catch (e) {
    if (e instanceof ModelError) throw new CliError(e.problems, file);
    throw e;
  }
}

function asOfSerial(text: string | undefined): number {
  if (!text) return todaySerial(new Date());
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const serial = m ? partsToSerial(+m[1], +m[2], +m[3]) : null;
  if (serial === null) throw CliError.of(problem("cli.asOf", { text }), "--as-of");
  return serial;
}

function defaultOut(input: string, csv: boolean): string {
  const ext = path.extname(input);
  // A macro-enabled workbook keeps its extension: its content type says so, and Excel refuses it as .xlsx.
  const to = csv ? ".csv" : /^\.xlsm$/i.test(ext) ? ".xlsm" : ".xlsx";
  return path.join(path.dirname(input), `${path.basename(input, ext)}.qualified${to}`);
}

/**
 * Writes through a temporary file in the same folder and a rename, so a crash never leaves half a file.
 * `produce` writes the content piece by piece (a streamed CSV) and its result is returned; its own errors pass
 * through, while an error writing the file is "cannot write".
 */
function writeAtomic<T>(file: string, produce: (write: (bytes: Uint8Array) => void) => T): T {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  const cannotWrite = (e: unknown) => {
    const error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return CliError.of(problem("cli.cannotWrite", { error }), file);
  };
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx");
    const out = fd;
    const result = produce((bytes) => {
      try {
        for (let at = 0; at < bytes.length;) at += writeSync(out, bytes, at);
      } catch (e) {
        throw cannotWrite(e);
      }
    });
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    return result;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e instanceof CliError || e instanceof ProblemError ? e : cannotWrite(e);
  }
}

/** A file's bytes from the start, a megabyte at a time, for each pass over it. */
function fileChunks(file: string): () => Iterable<Uint8Array> {
  return function* () {
    const fd = openSync(file, "r");
    try {
      const buf = new Uint8Array(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  };
}

export function runScore(
  file: string,
  opts: Options,
  io = { out: process.stdout, err: process.stderr },
): void {
  if (!existsSync(file) || !statSync(file).isFile())
    throw CliError.of(problem("cli.fileNotFound", { kind: "input" }), file);
  const csv = /\.(csv|txt)$/i.test(file);
  const model = opts.model ? readModel(opts.model) : defaultModel;
  const asOf = asOfSerial(opts.asOf);
  const out = path.resolve(opts.inPlace ? file : (opts.out ?? defaultOut(file, csv)));
  if (!opts.inPlace && out === path.resolve(file)) {
    throw CliError.of(problem("cli.outIsInput", {}), file);
  }
  const showProgress = Boolean(io.err.isTTY) && !opts.json;
  const onProgress = (done: number, total: number) => {
    if (showProgress && total >= 5000)
      io.err.write(`\r${progressBar(done, total)}${done === total ? "\n" : ""}`);
  };
  const encoding = opts.encoding === undefined ? undefined : encodingNamed(opts.encoding);
  if (opts.encoding !== undefined && !encoding)
    throw CliError.of(
      problem("cli.encoding", { text: opts.encoding, known: encodingLabels() }),
      "--encoding",
    );
  // JSON Lines are printed as rows are assessed, not collected; they are the only output with counterfactuals.
  // With --json nothing else is written.
  const lines = lineOutput(io.out);
  const onAssessment = opts.json ? (a: Assessment, row: number) => lines.line(jsonLine(a, row)) : undefined;
  const common = { model, asOf, onProgress, onAssessment, counterfactual: Boolean(opts.json), encoding };
  let scored: Scored;
  try {
    if (csv) {
      const source = fileChunks(file);
      scored = opts.json
        ? scoreCsvStream(source, undefined, common)
        : writeAtomic(out, (write) => scoreCsvStream(source, write, common));
    } else {
      const bytes = new Uint8Array(readFileSync(file));
      const book = { ...common, sheet: opts.sheet, table: opts.table, codec: nodeCodec };
      scored = scoreWorkbook(bytes, { ...book, write: !opts.json });
      const output = scored.output;
      if (output) writeAtomic(out, (write) => write(output));
    }
  } catch (e) {
    if (e instanceof CliError) throw e.at(file);
    if (e instanceof ProblemError) throw CliError.of(e.problem, file);
    throw e;
  } finally {
    lines.flush();
  }
  if (!opts.json) {
    io.out.write(`${summaryText(scored.summary, path.relative(process.cwd(), out) || out, scored.where)}\n`);
  }
}

export function program(): Command {
  const cmd = new Command("qualify")
    .description(
      "Qualify sales opportunities (TM Forum eTOM 1.1.9.1): risk, effort and attractiveness, explained.",
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  cmd
    .command("score")
    .description(
      "score every opportunity in an .xlsx or .csv file and write the verdict columns beside the data",
    )
    .argument("<file>", "an .xlsx workbook or a .csv file with a header row")
    .option(
      "--sheet <name>",
      "the sheet holding the opportunities (default: the first table, else the first sheet)",
    )
    .option("--table <name>", "the Excel table holding the opportunities (default: the first table)")
    .option(
      "--encoding <name>",
      "a CSV's text encoding: utf-8, utf-16le, utf-16be or windows-1252 (default: detected)",
    )
    .option("--model <file>", "a scoring model JSON file, merged over the default model")
    .option("--out <file>", "where to write (default: <name>.qualified.xlsx or .csv beside the input)")
    .option("--in-place", "overwrite the input file (through a temporary file and a rename)")
    .option("--json", "print JSON Lines, one object per opportunity, instead of the summary")
    .option("--as-of <date>", "today's date for time-dependent factors, as YYYY-MM-DD (default: today)")
    .action((file: string, opts: Options) => runScore(file, opts));
  return cmd;
}

/** The one line a failure prints: "qualify: <file>: <what went wrong>". */
export function errorLine(e: unknown): string {
  const cli = e instanceof CliError ? e : CliError.of(problem("cli.unexpected", { error: errorText(e) }));
  return `qualify: ${cli.message}`;
}

export function main(argv: string[]): number {
  try {
    program().parse(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`${errorLine(e)}\n`);
    return 2;
  }
}
