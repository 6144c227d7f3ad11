// `qualify learn <file>`: learns a win probability from a file of closed deals and writes the model with its
// `winModel` section (for `qualify score --model`), printing the evidence in plain words and, with --report, a
// workbook of it. The file is read through the same adapters as `score` (xlsx tables or sheets, CSV); all the
// learning is the engine's (src/model/learn.ts).
import { asOfSerial } from "./as-of";
import { Command } from "commander";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  defaultModel,
  describeProblem,
  FIELD_KEYS,
  problem,
  ProblemError,
  type Cell,
  type FieldKey,
  type ScoringModel,
} from "../model";
import { learnFromHistory, type LearnResult } from "../model/learn";
import { evidenceLines, minWinLines } from "../model/learn-words";
import { proposeMinWin, withMinWin, type MinWinProposal } from "../model/min-win-proposal";
import { readCsvTable } from "../files/csvFile";
import { openWorkbook } from "../files/xlsx";
import { nodeCodec } from "./codec";
import { learnReportWorkbook } from "./learn-report";
import { isCsvInput, openCsvInput } from "./file-source";
import { CliError, csvWhere } from "./score";

export interface LearnCliOptions {
  sheet?: string;
  outcome?: string;
  model?: string;
  out?: string;
  report?: string;
  seed?: string;
  keep?: string[];
  asOf?: string;
  minWin?: string; // "auto", a share (0.3) or a percentage (30%)
}

/** What the command needs from main.ts: the model reader and the atomic writer `score` uses. */
export interface LearnDeps {
  readModel: (file: string) => ScoringModel;
  writeAtomic: (file: string, content: Uint8Array | string) => void;
}

/** The table in an .xlsx (the first table, or --sheet) or a CSV file. */
export function readHistory(
  file: string,
  sheet?: string,
): { headers: Cell[]; rows: Cell[][]; where: string } {
  try {
    if (isCsvInput(file)) {
      // Read as `qualify score` reads it (its encoding, "sep=" line and delimiter; a .zip's one CSV), so the
      // history's values are the values the scores are made from.
      const input = openCsvInput(file);
      try {
        const t = readCsvTable(input.source);
        return { headers: t.headers, rows: t.rows, where: csvWhere(t.layout.encoding, input.inside) };
      } finally {
        input.close();
      }
    }
    const t = openWorkbook(new Uint8Array(readFileSync(file)), { codec: nodeCodec }).readTable({ sheet });
    return {
      headers: t.headers,
      rows: t.rows,
      where: `sheet '${t.sheetName}'${t.tableName ? `, table '${t.tableName}'` : ""}`,
    };
  } catch (e) {
    if (e instanceof ProblemError) throw CliError.of(e.problem, file);
    throw e;
  }
}

function seedOf(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 4294967295)
    throw CliError.of(problem("cli.seed", { text }), "--seed");
  return n;
}

function keepOf(fields: string[] | undefined): FieldKey[] {
  const known = new Set<string>(FIELD_KEYS);
  for (const f of fields ?? [])
    if (!known.has(f))
      throw CliError.of(problem("cli.keepField", { field: f, fields: [...FIELD_KEYS] }), "--keep");
  return (fields ?? []) as FieldKey[];
}

/** --min-win: "auto" (the proposal), a share 0–1 or a percentage; undefined when not given. */
function minWinOf(text: string | undefined): "auto" | number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === "auto") return "auto";
  const percent = /^\d+(\.\d+)?\s*%$/.test(t);
  const x = percent
    ? Number(t.replace("%", "").trim()) / 100
    : /^\d*(\.\d+)?$/.test(t) && t !== ""
      ? Number(t)
      : NaN;
  if (!(x >= 0 && x <= 1)) throw CliError.of(problem("cli.minWin", { text }), "--min-win");
  return x;
}

/** What the learned model does with the minimum win probability, in one sentence. */
function minWinSetting(
  asked: "auto" | number | undefined,
  set: number | null,
  proposal: MinWinProposal,
): string {
  if (set !== null && asked === undefined)
    return `Kept from the base model: minimum win probability ${Number((set * 100).toFixed(1))} % (winModel.minWinProbability ${set}); --min-win auto sets the proposed one instead`;
  if (set !== null)
    return `Set in the learned model: minimum win probability ${Number((set * 100).toFixed(1))} % (winModel.minWinProbability ${set})`;
  if (asked === "auto") return "Not set: no minimum was proposed";
  return proposal.proposed === null
    ? "Not set; to set one, run again with --min-win and a share (e.g. --min-win 0.3)"
    : `Not set; to set it, run again with --min-win auto (or a value of your own, e.g. --min-win ${proposal.proposed})`;
}

export function runLearn(
  file: string,
  opts: LearnCliOptions,
  deps: LearnDeps,
  io: { out: { write(s: string): unknown }; err: { write(s: string): unknown } } = {
    out: process.stdout,
    err: process.stderr,
  },
): LearnResult {
  if (!existsSync(file) || !statSync(file).isFile())
    throw CliError.of(problem("cli.fileNotFound", { kind: "input" }), file);
  const model = opts.model ? deps.readModel(opts.model) : defaultModel;
  const seed = seedOf(opts.seed);
  const keep = keepOf(opts.keep);
  const minWin = minWinOf(opts.minWin);
  // A minimum the base model already sets is kept unless --min-win says otherwise: learning again must not drop
  // a setting a manager chose.
  const kept = model.winModel?.minWinProbability;
  const asOf = asOfSerial(opts.asOf);
  const out = path.resolve(opts.out ?? defaultOut(file));
  if (out === path.resolve(file)) throw CliError.of(problem("cli.outIsInput", {}), file);
  const table = readHistory(file, opts.sheet);
  const result = learnFromHistory(table.headers, table.rows, {
    model,
    asOf,
    outcome: opts.outcome,
    seed,
    keep,
  });
  if (!result.ok) throw new CliError(result.problems, file);
  for (const w of result.report.warnings) io.err.write(`qualify: ${file}: warning: ${describeProblem(w)}\n`);
  // The minimum win probability: proposed from the same history, set only when asked (--min-win).
  const proposed = proposeMinWin(table.headers, table.rows, result.model, {
    asOf,
    outcome: opts.outcome,
    minimum: typeof minWin === "number" ? minWin : minWin === undefined ? kept : undefined,
  });
  if (!proposed.ok) throw new CliError(proposed.problems, file);
  const proposal = proposed.proposal;
  const set = minWin === "auto" ? proposal.proposed : (minWin ?? kept ?? null);
  const learned = set === null ? result.model : withMinWin(result.model, set);
  const minWinWords = [...minWinLines(proposal), minWinSetting(minWin, set, proposal)];
  deps.writeAtomic(out, `${JSON.stringify(learned, null, 2)}\n`);
  if (opts.report)
    deps.writeAtomic(
      path.resolve(opts.report),
      learnReportWorkbook(result.report, learned, { proposal, lines: minWinWords }),
    );
  const shown = (p: string) => path.relative(process.cwd(), p) || p;
  io.out.write(
    [
      `${file} (${table.where}):`,
      ...evidenceLines(result.report).map((l) => `  ${l}.`),
      ...minWinWords.map((l) => `  ${l}.`),
      `Wrote ${shown(out)}${opts.report ? ` and ${shown(path.resolve(opts.report))}` : ""}; score with: qualify score <file> --model ${shown(out)}`,
    ].join("\n") + "\n",
  );
  return { ...result, model: learned };
}

function defaultOut(file: string): string {
  const input = file.replace(/\.zip$/i, ""); // "history.csv.zip" gives "history.learned.json"
  const ext = path.extname(input);
  return path.join(path.dirname(input), `${path.basename(input, ext)}.learned.json`);
}

/** The `learn` command, for main.ts to add. */
export function learnCommand(deps: LearnDeps): Command {
  return new Command("learn")
    .description("learn a win probability from a file of closed (won and lost) deals, with its evidence")
    .argument(
      "<file>",
      "an .xlsx workbook, or a .csv file (or a .zip holding one) with a header row and an outcome column",
    )
    .option("--sheet <name>", "the sheet holding the deals (default: the first table, else the first sheet)")
    .option("--outcome <column>", "the column saying won or lost (default: found from its header or values)")
    .option("--model <file>", "the scoring model to start from (default: the built-in model)")
    .option(
      "--out <file>",
      "where to write the learned model (default: <name>.learned.json beside the input)",
    )
    .option("--report <file>", "also write the evidence as an .xlsx workbook")
    .option("--seed <n>", "seed for the cross-validation folds (default: 1)")
    .option(
      "--keep <fields...>",
      "fields to use even if they alone predict the outcome (field keys, e.g. rfp)",
    )
    .option(
      "--min-win <auto|share>",
      "set the minimum win probability to qualify in the learned model: auto (the proposed one), 0.3 or 30% (default: proposed, not set)",
    )
    .option("--as-of <date>", "today's date for the current model's time-dependent factors, as YYYY-MM-DD")
    .action((file: string, opts: LearnCliOptions) => {
      runLearn(file, opts, deps);
    });
}
