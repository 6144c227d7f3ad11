// Header matching: which column holds which field. Headers are compared folded (case, spacing, punctuation and a
// trailing unit in brackets dropped), so "deal_value" and "DEAL VALUE (EUR)" both name Deal Value; the words that
// name each field are the model's vocabulary. Where a header could name several fields, a sample of the column's
// values decides (a `Client` column of Current/New/Past is the relationship, not the customer's name); what it
// cannot decide is reported as a problem of the mapping, never settled silently.
import { isBlankCell } from "./parse";
import {
  normaliseHeader,
  otherOutcome,
  OK,
  planFor,
  textOutcome,
  UNRECOGNISED,
  type FieldPlan,
} from "./plan";
import { problem, type Problem } from "./problems";
import { ALL_OUTPUT_COLUMNS, WIN_COLUMNS } from "./output";
import { defaultModel } from "./scoring-model";
import type { ScoringModel } from "./schema";
import type { Cell, FieldKey, HeaderMapping, OutputColumn } from "./types";

/** Headers of a currency column (Salesforce CurrencyIsoCode, Dynamics Currency), as normaliseHeader gives them. */
export const CURRENCY_HEADERS: ReadonlySet<string> = new Set(
  ["Currency", "CurrencyIsoCode", "Currency Code", "Currency ISO Code"].map(normaliseHeader),
);

export { normaliseHeader };

const outputLookup = new Map<string, OutputColumn>(ALL_OUTPUT_COLUMNS.map((c) => [normaliseHeader(c), c]));

/**
 * The output column a header names, or null: the eight by their normalised name (any case, spacing or unit), the
 * win columns by their own text only, in any case ("Win %" normalises to "win", as a user's own Win column does).
 */
export function outputColumnOf(header: Cell): OutputColumn | null {
  const output = outputLookup.get(normaliseHeader(header));
  if (output === undefined) return null;
  if (WIN_COLUMNS.includes(output) && String(header).trim().toLowerCase() !== output.toLowerCase())
    return null;
  return output;
}

/** How many non-blank values of a column the mapping looks at: enough to see what they are, cheap to read. */
export const SAMPLE_VALUES = 20;
/** The share of a column's readable values a field must read for the column to fit it. */
const FIT = 0.5;

export interface MatchOptions {
  /** The model whose vocabulary names the fields (the default model's otherwise). */
  model?: ScoringModel;
  /** The first data rows (or any of them): a sample of each column's values decides between candidate fields. */
  sample?: readonly (readonly Cell[])[];
}

/** The first non-blank values of column `col` in the sample rows. */
function columnSample(rows: readonly (readonly Cell[])[], col: number): Cell[] {
  const values: Cell[] = [];
  for (const row of rows) {
    const cell = row[col];
    if (!isBlankCell(cell)) values.push(cell);
    if (values.length >= SAMPLE_VALUES) break;
  }
  return values;
}

/** What a field makes of a column's sample: how many values it reads, and how many it cannot. */
function fit(f: FieldPlan, values: readonly Cell[]): { ok: number; bad: number; examples: string[] } {
  let ok = 0;
  let bad = 0;
  const examples: string[] = [];
  for (const cell of values) {
    const o = typeof cell === "string" ? textOutcome(f, cell) : otherOutcome(f, cell);
    if (o.st === OK) ok++;
    else if (o.st === UNRECOGNISED) {
      bad++;
      const raw = o.value.status === "unrecognised" ? o.value.raw : String(cell);
      if (examples.length < 3 && !examples.includes(raw)) examples.push(raw);
    }
  }
  return { ok, bad, examples };
}

const fits = (r: { ok: number; bad: number }) => r.ok + r.bad === 0 || r.ok / (r.ok + r.bad) >= FIT;

/**
 * Maps a header row to fields. A header names the fields the vocabulary gives it; when it could name several,
 * the field whose values the column holds is chosen (a name-like field only when no other fits). The first column
 * of a field is read; later ones are unmatched and the clash is a problem. This add-in's own output columns are
 * told apart (our "Effort (pd)" folds to "effort" and must never be read back as an input). A new mapping every
 * call: callers may keep or change it.
 */
export function matchHeaders(headers: readonly Cell[], options: MatchOptions = {}): HeaderMapping {
  const plan = planFor(options.model ?? defaultModel);
  const sample = options.sample ?? [];
  const mapping: HeaderMapping = { columns: {}, unmatched: [], outputColumns: {}, currency: -1 };
  const problems: Problem[] = [];
  const claims = new Map<FieldKey, string[]>(); // every header that named each field, in column order
  const fieldPlan = (key: FieldKey) => plan.fields.find((f) => f.key === key)!;
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    if (key === "") return;
    if (mapping.currency! < 0 && CURRENCY_HEADERS.has(key)) mapping.currency = index; // and perhaps a field too
    const output = outputColumnOf(header);
    if (output && mapping.outputColumns[output] === undefined) {
      mapping.outputColumns[output] = index;
      return;
    }
    const text = String(header);
    const field = chooseField(plan.headerWords.get(key) ?? [], text, index);
    if (field === null) {
      mapping.unmatched.push(text);
      return;
    }
    claims.set(field, [...(claims.get(field) ?? []), text]);
    if (mapping.columns[field] === undefined) mapping.columns[field] = index;
    else mapping.unmatched.push(text);
  });
  for (const [field, names] of claims)
    if (names.length > 1) problems.push(problem("mapping.sameField", { field, headers: names }));
  const wonOnly = wonOnlyProblem(mapping.columns, headers);
  if (wonOnly) problems.push(wonOnly);
  if (problems.length > 0) mapping.problems = problems;
  return mapping;

  function hasLevels(key: FieldKey): boolean {
    const kind = fieldPlan(key).spec.kind;
    return kind === "level" || kind === "boolean";
  }

  function allAmounts(values: readonly Cell[]): boolean {
    const money = fieldPlan("dealValue");
    return values.every((cell) => {
      const o = typeof cell === "string" ? textOutcome(money, cell) : otherOutcome(money, cell);
      return o.st !== UNRECOGNISED;
    });
  }

  function chooseField(candidates: readonly FieldKey[], header: string, col: number): FieldKey | null {
    if (candidates.length === 0) return null;
    const values = sample.length > 0 ? columnSample(sample, col) : [];
    const valued = candidates.filter((k) => fieldPlan(k).spec.kind !== "text");
    const results = new Map(valued.map((k) => [k, fit(fieldPlan(k), values)]));
    if (candidates.length === 1) {
      const only = results.get(candidates[0]);
      // A column of amounts is not a field of levels (a "Budget" of 1200, 800, … is no budget status), whatever
      // its header says. Words the field does not know keep the column: they are reported, for the user to map.
      if (only && only.ok === 0 && only.bad >= 3 && hasLevels(candidates[0]) && allAmounts(values)) {
        problems.push(
          problem("mapping.valuesDontFit", { header, field: candidates[0], examples: only.examples }),
        );
        return null;
      }
      return candidates[0];
    }
    if (values.length === 0) return candidates[0]; // nothing to decide by: the vocabulary's first
    const fitting = valued.filter((k) => fits(results.get(k)!));
    if (fitting.length > 1) problems.push(problem("mapping.twoFields", { header, fields: fitting }));
    if (fitting.length > 0) return fitting[0];
    return candidates.find((k) => !results.has(k)) ?? candidates[0];
  }
}

/**
 * A column that says which deals were won, with none saying which are closed (a Salesforce IsWon alone): the
 * engine reads a deal not won as open, so lost deals are qualified as open pursuits. Said of the columns as
 * mapped, detected or chosen; null when a Stage or Closed column is mapped, or no won column.
 */
export function wonOnlyProblem(columns: HeaderMapping["columns"], headers: readonly Cell[]): Problem | null {
  const won = columns.won;
  if (won === undefined || columns.stage !== undefined || columns.closed !== undefined) return null;
  return problem("mapping.wonOnly", { header: String(headers[won] ?? "") });
}

/** Headers that name a field for the opportunity (not this add-in's outputs): how many fields were recognised. */
export function recognisedCount(mapping: HeaderMapping): number {
  return Object.keys(mapping.columns).length;
}
