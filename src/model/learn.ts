// Learning a win probability from a table of closed deals: find the outcome column, keep the won and lost rows
// (open ones are counted and left), read the mapped fields through the model's plan, leave out any field that
// alone tells the outcome (recorded after it), fit the order-keeping logistic regression, and validate it out of
// fold beside the current model's score on the same rows. The result is a model with a `winModel` section, and
// the evidence a manager needs to decide whether to use it.
import { brier, calibrationTable, type CalibrationBin } from "./calibration";
import { outOfFold, stratifiedFolds } from "./cross-validation";
import { serialToIso } from "./dates";
import { fieldLabel, fieldSpec } from "./fields";
import { matchHeaders } from "./headers";
import {
  historyFeatures,
  learnableFields,
  selectFields,
  bandLevel,
  type FieldEncoding,
  type HistoryFeatures,
} from "./history-features";
import { fitLogistic, patternsOf, rowLogit, type LogisticFit, type Parametrisation } from "./logistic-fit";
import {
  findDateColumn,
  headerText,
  outcomeColumnOf,
  LOST,
  outcomeReader,
  WON,
  type OutcomeVocabulary,
} from "./outcome";
import { parametrise } from "./parametrise";
import { parseCell } from "./parse";
import { problem, type Problem } from "./problems";
import { tableQualifier } from "./qualify-table";
import { formatMoney } from "./rationale";
import { auc, groupedAuc, rocPoints } from "./roc";
import type { ScoringModel } from "./schema";
import { VERDICTS } from "./score";
import type { Cell, FieldKey, HeaderMapping, Verdict } from "./types";

export interface LearnOptions {
  model: ScoringModel; // the base model: its words, its learning settings, and the score to compare with
  asOf: number; // Excel serial of today (the current score's time pressure)
  outcome?: string; // the outcome column's header; found from the model's outcome words otherwise
  mapping?: HeaderMapping; // a mapping the user chose; the headers' own otherwise
  seed?: number; // for the folds (1 by default)
  keep?: readonly FieldKey[]; // fields kept even though they alone tell the outcome
}

export interface LevelEvidence {
  label: string; // "Secured", "50k–250k", "missing"
  rows: number;
  won: number;
  points: number; // the learned log-odds of this level
}

export interface FieldEvidence {
  field: FieldKey;
  label: string;
  auc: number; // of the field alone (its levels' win rates) on the history
  used: boolean; // false: left out as probably recorded after the outcome
  levels: LevelEvidence[];
}

export interface VerdictEvidence {
  verdict: Verdict;
  rows: number;
  won: number;
}

export interface LearnReport {
  outcomeColumn: string;
  rows: number; // closed rows used
  won: number;
  lost: number;
  open: number; // rows whose outcome is neither won nor lost: not used
  from?: string;
  to?: string;
  fields: FieldEvidence[];
  auc: number; // out of fold, learned
  brier: number;
  unconstrainedAuc: number; // out of fold, the same fields without the order rules
  currentAuc: number | null; // the current model's score on the same rows
  currentBrier: null; // the score is not a probability: it has no Brier score
  calibration: CalibrationBin[];
  roc: [number, number][];
  currentRoc: [number, number][];
  verdicts: VerdictEvidence[]; // the current model's verdicts on the history, and how many of each were won
  recommendation: "use" | "keep";
  warnings: Problem[];
  folds: number;
  seed: number;
}

/** What a refused learning still found, for a shell to show beside the refusal (once the outcome column was found). */
export interface HistoryFound {
  outcomeColumn: string;
  won: number;
  lost: number;
  open: number;
}

export type LearnResult =
  | { ok: true; model: ScoringModel; report: LearnReport }
  | { ok: false; problems: Problem[]; found?: HistoryFound };

const DEFAULT_LEARNING = {
  minWon: 40,
  minLost: 40,
  folds: 5,
  l2: 1,
  bands: 5,
  leakageAuc: 0.95,
  ordered: [] as FieldKey[],
};

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Learns from `rows` under `headers` (every row: open ones are counted and left out). */
export function learnFromHistory(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  options: LearnOptions,
): LearnResult {
  const base = withoutWinModel(options.model);
  const settings = { ...DEFAULT_LEARNING, ...base.learning };
  const vocabulary: OutcomeVocabulary | undefined = base.outcome;
  const texts = headers.map(headerText);
  const mapping = options.mapping ?? matchHeaders(headers);
  const seed = options.seed ?? 1;
  if (!vocabulary) return { ok: false, problems: [problem("learn.noOutcome", { headers: texts })] };

  // The outcome column: named, or found. It is never also read as a field.
  const located = outcomeColumnOf(headers, rows, vocabulary, options.outcome, mapping);
  if ("problem" in located) return { ok: false, problems: [located.problem] };
  const col = located.col;
  const read = outcomeReader(vocabulary);
  const closed: (readonly Cell[])[] = [];
  const outcome: number[] = [];
  let open = 0;
  for (const row of rows) {
    const o = read(row[col]);
    if (o === WON || o === LOST) {
      closed.push(row);
      outcome.push(o);
    } else open++;
  }
  const y = Uint8Array.from(outcome);
  const won = outcome.filter((o) => o === WON).length;
  const lost = closed.length - won;
  const found: HistoryFound = { outcomeColumn: texts[col], won, lost, open };
  if (won < settings.minWon || lost < settings.minLost) {
    return {
      ok: false,
      problems: [problem("learn.tooFew", { won, lost, minWon: settings.minWon, minLost: settings.minLost })],
      found,
    };
  }
  const warnings: Problem[] = [];
  const rate = won / closed.length;
  if (rate > 0.9 || rate < 0.1) warnings.push(problem("learn.skewed", { won, lost, rate }));

  // The outcome column is no field here, for learning nor for the current score beside it.
  const fieldColumns = Object.fromEntries(
    Object.entries(mapping.columns).filter(([, c]) => c !== col),
  ) as HeaderMapping["columns"];
  const fieldMapping: HeaderMapping = { ...mapping, columns: fieldColumns };
  const fields = learnableFields(fieldMapping, new Set([col]));
  if (fields.length === 0) return { ok: false, problems: [problem("learn.noFields", { fields: [] })], found };
  const all = historyFeatures(base, closed, fieldMapping, fields, y, {
    bands: settings.bands,
    ordered: settings.ordered,
    asOf: options.asOf,
  });

  // Each field alone: does it vary, and does it tell the outcome too well?
  const evidence: FieldEvidence[] = [];
  const keep: number[] = [];
  all.encodings.forEach((e, k) => {
    const counts = levelCounts(all, k);
    const varies = counts.rows.filter((c) => c > 0).length >= 2;
    const rates = counts.rows.map((c, l) => (c > 0 ? counts.won[l] / c : 0));
    const lostCounts = counts.rows.map((c, l) => c - counts.won[l]);
    const alone = varies ? groupedAuc(rates, counts.won, lostCounts) : 0.5;
    const leaked = alone > settings.leakageAuc && !(options.keep ?? []).includes(e.key);
    if (leaked) warnings.push(problem("learn.leakage", { field: fieldLabel(e.key), auc: alone }));
    if (varies && !leaked) keep.push(k);
    if (varies)
      evidence.push({
        field: e.key,
        label: fieldLabel(e.key),
        auc: alone,
        used: !leaked,
        levels: Array.from({ length: e.count }, (_, l) => ({
          label: levelLabel(e, l),
          rows: counts.rows[l],
          won: counts.won[l],
          points: 0,
        })),
      });
  });
  if (keep.length === 0) {
    // Nothing left: because the fields gave themselves away (say so), or because none varies.
    const leaks = warnings.filter((w) => w.code === "learn.leakage");
    const leaked = evidence.filter((e) => !e.used).map((e) => e.field);
    return {
      ok: false,
      problems:
        leaks.length > 0
          ? [...leaks, problem("learn.nothingLeft", { keys: leaked })]
          : [problem("learn.noFields", { fields: fields.map(fieldLabel) })],
      found,
    };
  }
  const features = selectFields(all, keep);
  features.rows.patterns = patternsOf(features.rows); // once, for every fit below
  const layout = features.encodings.map((e) => ({ count: e.count, ordered: e.ordered }));
  const constrained = parametrise(layout, true);
  const free = parametrise(layout, false);
  const lambda = settings.l2;

  // The fit on every row (the model learned) first. Then out of fold, each row predicted by a fit on the other
  // folds; each fold's fit starts from the whole fit's parameters (or the fold before's) and from its Hessian,
  // scaled to the fold's share of the rows: a few gradient steps away instead of a fit from scratch.
  const fit = fitLogistic(features.rows, constrained, { lambda });
  const folds = stratifiedFolds(y, settings.folds, seed);
  const predictor = (par: Parametrisation, start?: Float64Array) => (train: Int32Array) => {
    const f = fitLogistic(features.rows, par, {
      lambda,
      rows: train,
      start,
      hessian: fit.hessian,
      hessianScale: train.length / closed.length,
    });
    start = f.theta;
    return (i: number) => sigmoid(rowLogit(features.rows, i, f.intercept, f.coef));
  };
  const oof = outOfFold(closed.length, folds, settings.folds, predictor(constrained, fit.theta));
  const oofFree = outOfFold(closed.length, folds, settings.folds, predictor(free));

  // The current model on the same rows: its score's AUC, and its verdicts' win rates.
  const current = tableQualifier(headers, { model: base, asOf: options.asOf, mapping: fieldMapping }).rows(
    closed,
  );
  const score = Float64Array.from(current.score, (s) => (s === s ? s : -Infinity));
  const verdicts = VERDICTS.map((verdict) => ({ verdict, rows: 0, won: 0 }));
  current.verdict.forEach((v, i) => {
    const t = verdicts.find((x) => x.verdict === v);
    if (t) {
      t.rows++;
      t.won += y[i];
    }
  });
  const currentAuc = current.verdict.some((v) => v !== null) ? auc(score, y) : null;

  // The learned points beside each level's counts.
  features.encodings.forEach((e) => {
    const ev = evidence.find((x) => x.field === e.key)!;
    ev.levels.forEach((lv, l) => (lv.points = fit.coef[e.offset + l]));
  });

  const learnedAuc = auc(oof, y);
  const dates = dateRange(headers, closed, vocabulary);
  const validation = {
    folds: settings.folds,
    seed,
    auc: round(learnedAuc, 4),
    brier: round(brier(oof, y), 4),
    ...(currentAuc === null ? {} : { currentAuc: round(currentAuc, 4) }),
    unconstrainedAuc: round(auc(oofFree, y), 4),
  };
  const history = { rows: closed.length, won, lost, open, outcomeColumn: texts[col], ...dates };
  const winModel = winModelOf(fit, features, history, validation);
  const model = { ...base, winModel } as ScoringModel;
  return {
    ok: true,
    model,
    report: {
      outcomeColumn: texts[col],
      rows: closed.length,
      won,
      lost,
      open,
      ...dates,
      fields: evidence,
      auc: learnedAuc,
      brier: brier(oof, y),
      unconstrainedAuc: auc(oofFree, y),
      currentAuc,
      currentBrier: null,
      calibration: calibrationTable(oof, y, 10),
      roc: rocPoints(oof, y),
      currentRoc: rocPoints(score, y),
      verdicts,
      recommendation: currentAuc === null || learnedAuc > currentAuc ? "use" : "keep",
      warnings,
      folds: settings.folds,
      seed,
    },
  };
}

/** The model without a learned section: learning always starts from the rules alone. */
function withoutWinModel(model: ScoringModel): ScoringModel {
  if (!model.winModel) return model;
  const copy = { ...model };
  delete copy.winModel;
  return copy;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

function code(f: HistoryFeatures, i: number, k: number): number {
  return f.rows.codes[i * f.rows.fields + k] - f.encodings[k].offset;
}

function levelCounts(f: HistoryFeatures, k: number): { rows: number[]; won: number[] } {
  const e = f.encodings[k];
  const rows = new Array<number>(e.count).fill(0);
  const won = new Array<number>(e.count).fill(0);
  for (let i = 0; i < f.rows.n; i++) {
    const l = code(f, i, k);
    rows[l]++;
    won[l] += f.rows.y[i];
  }
  return { rows, won };
}

/** A number as the field shows it: money short ("250k"), a percentage, else plain. */
function numberText(field: FieldKey, x: number): string {
  const kind = fieldSpec(field).kind;
  if (kind === "money") return formatMoney(x);
  if (kind === "percent") return `${Number((x * 100).toFixed(1))}%`;
  return String(Number(x.toFixed(2)));
}

/** Level l of a field's encoding in words: a level's label, a band's range, or "missing". */
export function levelLabel(e: FieldEncoding, l: number): string {
  if (l === e.count - 1) return "missing";
  if (e.kind === "levels") return fieldSpec(e.key).levels![l].label;
  const b = e.highFirst ? e.edges.length - l : l; // the ascending band of level l
  const lo = b > 0 ? numberText(e.key, e.edges[b - 1]) : null;
  const hi = b < e.edges.length ? numberText(e.key, e.edges[b]) : null;
  return lo === null ? `up to ${hi}` : hi === null ? `over ${lo}` : `over ${lo} up to ${hi}`;
}

type WinModel = NonNullable<ScoringModel["winModel"]>;

/** The fit as model data: log-odds per level key or per band (ascending), and each field's average. */
function winModelOf(
  fit: LogisticFit,
  features: HistoryFeatures,
  history: WinModel["history"],
  validation: WinModel["validation"],
): WinModel {
  const fields: WinModel["fields"] = {};
  const { rows } = features;
  features.encodings.forEach((e, k) => {
    const c = (l: number) => round(fit.coef[e.offset + l], 6);
    let sum = 0;
    for (let i = 0; i < rows.n; i++) sum += fit.coef[rows.codes[i * rows.fields + k]];
    const average = round(sum / rows.n, 6);
    const missing = c(e.count - 1);
    fields[e.key] =
      e.kind === "levels"
        ? { levels: Object.fromEntries(e.levelKeys.map((key, l) => [key, c(l)])), missing, average }
        : {
            bands: {
              edges: [...e.edges],
              points: Array.from({ length: e.edges.length + 1 }, (_, b) => c(bandLevel(e, b))),
            },
            missing,
            average,
          };
  });
  // A field whose numbers never vary has no edges: it then learns from present/missing only.
  for (const [key, f] of Object.entries(fields)) {
    if (f?.bands && f.bands.edges.length === 0) {
      fields[key as FieldKey] = {
        bands: { edges: [0], points: [f.bands.points[0], f.bands.points[0]] },
        missing: f.missing,
        average: f.average,
      };
    }
  }
  return {
    intercept: round(fit.intercept, 6),
    fields,
    history,
    validation,
  };
}

/** The earliest and latest close date of the history, when a column gives them. */
function dateRange(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  vocabulary: OutcomeVocabulary,
): { from?: string; to?: string } {
  const col = findDateColumn(headers, vocabulary);
  if (col < 0) return {};
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    const v = parseCell("roadmapDate", row[col] ?? null);
    if (v.status === "ok" && typeof v.value === "number") {
      lo = Math.min(lo, v.value);
      hi = Math.max(hi, v.value);
    }
  }
  return lo <= hi ? { from: serialToIso(lo), to: serialToIso(hi) } : {};
}
