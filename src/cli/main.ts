// `qualify score <file>`: scores every opportunity in an .xlsx or .csv file and writes Verdict, Score, Grade,
// Risk, Effort (pd) and Rationale beside the data. I/O lives here: reading the input, loading the model, writing
// the output through a temporary file and a rename (with the input's permissions), and turning every failure into
// one line naming the file, with exit code 2. Every line printed goes through the terminal printer (terminal.ts).
import { asOfSerial } from "./as-of";
import { Command, CommanderError } from "commander";
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import {
  defaultModel,
  describeProblem,
  errorText,
  loadModel,
  ModelError,
  problem,
  ProblemError,
  type Assessment,
} from "../model";
import { jsonLine, notesText, progressBar, summaryText } from "./report";
import { nodeCodec } from "./codec";
import { lineOutput } from "./output";
import { CliError, scoreCsvStream, scoreWorkbook, type Scored } from "./score";
import { spillArea } from "./spill-store";
import { fileSource, isCsvInput, openCsvInput } from "./file-source";
import { terminalJson, terminalText } from "./terminal";
import { learnCommand } from "./learn";
import { encodingLabels, encodingNamed } from "../files/textEncoding";

interface Options {
  sheet?: string;
  table?: string;
  encoding?: string;
  model?: string;
  out?: string;
  inPlace?: boolean;
  force?: boolean;
  json?: boolean;
  asOf?: string;
}

function readModel(file: string) {
  if (!existsSync(file)) throw CliError.of(problem("cli.fileNotFound", { kind: "model" }), file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw CliError.of(problem("cli.cannotRead", { error: errorCode(e) }), file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
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

function defaultOut(input: string, csv: boolean): string {
  const ext = path.extname(input);
  // A macro-enabled workbook keeps its extension: its content type says so, and Excel refuses it as .xlsx.
  const to = csv ? ".csv" : /^\.xlsm$/i.test(ext) ? ".xlsm" : ".xlsx";
  return path.join(path.dirname(input), `${path.basename(input, ext)}.qualified${to}`);
}

/** A file system error's code ("EACCES"), or its message when it has none. */
function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? errorText(e);
}

/** The temporary file writeAtomic writes `file` through: ".<name>.<8 hex digits>.tmp" beside it. */
function isTempOf(file: string, name: string): boolean {
  const prefix = `.${path.basename(file)}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Removes the temporary files of `file` that a killed run left behind (a kill stops qualify at once, mid-write
 * too: nothing runs on to clean up), and says so. Returns the notes to print.
 */
function removeStaleTemps(file: string): string[] {
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return []; // the write will say what is wrong with the folder
  }
  const notes: string[] = [];
  for (const name of names.filter((n) => isTempOf(file, n))) {
    try {
      rmSync(path.join(path.dirname(file), name), { force: true });
      notes.push(`note: ${describeProblem(problem("cli.staleTemp", { file: name }))}`);
    } catch {
      // Not ours to remove after all (permissions): leave it.
    }
  }
  return notes;
}

/** Whether a file may not be written: no write permission for its owner, or none for this user. */
function isReadOnly(file: string): boolean {
  if ((statSync(file).mode & 0o200) === 0) return true;
  try {
    accessSync(file, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Writes through a temporary file in the same folder and a rename, so a crash never leaves half a file. The file
 * gets `mode` (the input's permissions: a private 0600 input never gives a world-readable output). `produce`
 * writes the content piece by piece (a streamed CSV) and its result is returned; its own errors pass through,
 * while an error writing the file is "cannot write".
 */
function writeAtomic<T>(file: string, mode: number, produce: (write: (bytes: Uint8Array) => void) => T): T {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  const cannotWrite = (e: unknown) => CliError.of(problem("cli.cannotWrite", { error: errorCode(e) }), file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o600); // private until it has its final mode
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
    chmodSync(tmp, mode);
    renameSync(tmp, file);
    return result;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e instanceof CliError || e instanceof ProblemError ? e : cannotWrite(e);
  }
}

export function runScore(
  file: string,
  opts: Options,
  io = { out: process.stdout, err: process.stderr },
): void {
  try {
    scoreFile(file, opts, io);
  } catch (e) {
    // Every failure names a file: the one it is about, else the input.
    if (e instanceof CliError) throw e.at(file);
    if (e instanceof ProblemError) throw CliError.of(e.problem, file);
    throw CliError.of(problem("cli.unexpected", { error: errorText(e) }), file);
  }
}

function scoreFile(
  file: string,
  opts: Options,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
) {
  if (!existsSync(file) || !statSync(file).isFile())
    throw CliError.of(problem("cli.fileNotFound", { kind: "input" }), file);
  // A zip archive holding one CSV (as data sets are shipped) is read as that CSV, and gives a CSV beside it.
  const zipped = /\.zip$/i.test(file);
  const csv = isCsvInput(file);
  if (zipped && opts.inPlace) throw CliError.of(problem("cli.inPlaceZip", {}), file);
  const model = opts.model ? readModel(opts.model) : defaultModel;
  const asOf = asOfSerial(opts.asOf);
  const named = zipped ? file.replace(/\.zip$/i, "") : file; // "deals.csv.zip" gives "deals.qualified.csv"
  const out = path.resolve(opts.inPlace ? file : (opts.out ?? defaultOut(named, csv)));
  if (!opts.inPlace && out === path.resolve(file)) {
    throw CliError.of(problem("cli.outIsInput", {}), file);
  }
  if (opts.inPlace && !opts.force && isReadOnly(file)) throw CliError.of(problem("cli.readOnly", {}), file);
  const mode = statSync(file).mode & 0o7777;
  for (const note of removeStaleTemps(out)) io.err.write(`${terminalText(`qualify: ${note}`)}\n`);
  const showProgress = Boolean((io.err as { isTTY?: boolean }).isTTY) && !opts.json;
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
  // JSON Lines are printed as rows are assessed, not collected, and they are the whole output: no file is
  // written with --json.
  const lines = lineOutput(io.out);
  const onAssessment = opts.json
    ? (a: Assessment, row: number) => lines.line(terminalJson(jsonLine(a, row)))
    : undefined;
  const common = { model, asOf, onProgress, onAssessment, counterfactual: true, encoding }; // the Next step column
  let scored: Scored;
  try {
    if (csv) {
      const input = openCsvInput(file);
      try {
        const withName = { ...common, inside: input.inside };
        scored = opts.json
          ? scoreCsvStream(input.source, undefined, withName)
          : writeAtomic(out, mode, (write) => scoreCsvStream(input.source, write, withName));
      } finally {
        input.close();
      }
    } else {
      // The input is read by position as needed, and big compressed parts wait for the save in a temporary file
      // beside the output: neither is held in memory.
      const source = fileSource(file);
      const spill = spillArea(out);
      try {
        const codec = { ...nodeCodec, createStore: () => spill.store() };
        const book = { ...common, sheet: opts.sheet, table: opts.table, codec };
        scored = scoreWorkbook(source, { ...book, write: !opts.json, streamOutput: true });
        const save = scored.save;
        if (save) writeAtomic(out, mode, save);
      } finally {
        spill.close();
        source.close();
      }
    }
  } catch (e) {
    if (e instanceof CliError) throw e.at(file);
    if (e instanceof ProblemError) throw CliError.of(e.problem, file);
    throw e;
  } finally {
    lines.flush();
  }
  if (!opts.json) {
    const summary = summaryText(scored.summary, path.relative(process.cwd(), out) || out, scored.where);
    io.out.write(`${terminalText(summary)}\n`);
  }
  // What the mapping left undecided and the values not recognised: diagnostics, on stderr (stdout stays the
  // summary, or JSON Lines only).
  const notes = notesText(scored.notes);
  if (notes) io.err.write(`${notes}\n`);
}

export function program(): Command {
  const cmd = new Command("qualify")
    .description(
      "Qualify sales opportunities (TM Forum eTOM 1.1.9.1): risk, effort and attractiveness, explained.",
    )
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(terminalText(s)),
      writeOut: (s) => process.stdout.write(terminalText(s)),
    });
  cmd
    .command("score")
    .description(
      "score every opportunity in an .xlsx or .csv file and write the verdict columns beside the data",
    )
    .argument("<file>", "an .xlsx workbook, or a .csv file (or a .zip holding one) with a header row")
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
    .option("--force", "with --in-place: replace the input even when it is read-only")
    .option("--json", "print JSON Lines, one object per opportunity, instead of the summary")
    .option("--as-of <date>", "today's date for time-dependent factors, as YYYY-MM-DD (default: today)")
    .action((file: string, opts: Options) => runScore(file, opts));
  // A learned model and its report are new files, with a new file's usual permissions.
  const writeNew = (file: string, content: Uint8Array | string) =>
    writeAtomic(file, 0o644, (write) =>
      write(typeof content === "string" ? new TextEncoder().encode(content) : content),
    );
  cmd.addCommand(learnCommand({ readModel, writeAtomic: writeNew }).copyInheritedSettings(cmd));
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
    process.stderr.write(`${terminalText(errorLine(e))}\n`);
    return 2;
  }
}
