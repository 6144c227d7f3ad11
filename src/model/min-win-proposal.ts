// The proposal for a learned model's minimum win probability to qualify (`winModel.minWinProbability`, applied
// by win-rule.ts), and what it would do: from the history of closed deals and the learned model, the minimum
// that best separates the won from the lost deals among those the model would qualify, and the verdicts of the
// history's deals (and of open deals) before and after it.
//
// The criterion: a minimum only ever moves a Qualified deal to Conditional, so it is chosen on the deals it can
// move — the closed deals the model qualifies without it. Of those, a minimum t keeps the won ones and the lost
// ones with a learned probability of at least t; the proposal is the whole percentage that keeps the largest
// share of the won deals minus the share of the lost ones kept (Youden's J, the point of the ROC curve furthest
// from chance). It weighs a won deal wrongly held back and a lost deal wrongly pursued by how many of each there
// are, needs no cost figures the history does not hold, and reads in words: "keeps 86 % of the won and 40 % of the
// lost". Ties go to the lowest minimum (it holds back the fewest deals). When no minimum keeps a larger share of
// the won than of the lost, none is proposed. When the model qualifies fewer than MIN_EACH won or lost deals of
// the history, shares of so few would be noise: the minimum is then chosen the same way on all the closed deals,
// and the report says so. The probabilities are the learned model's on the history it was fitted on (in sample):
// a regularised fit of a few dozen weights on at least 80 deals moves little out of sample, and the proposal is
// a starting point a manager reviews, not a validated figure.
import { matchHeaders } from "./headers";
import { LOST, outcomeColumnOf, outcomeReader, WON } from "./outcome";
import { problem, type Problem } from "./problems";
import { tableQualifier } from "./qualify-table";
import type { ScoringModel } from "./schema";
import { VERDICTS } from "./score";
import type { Cell, HeaderMapping, Verdict } from "./types";

/** Fewer won or lost deals than this among the qualified ones, and the minimum is chosen on all closed deals. */
export const MIN_EACH = 10;

export type VerdictCounts = Record<Verdict, number>;

/** The verdicts of a set of deals without the minimum and with it. */
export interface VerdictChange {
  rows: number; // deals with a verdict (empty rows left out)
  before: VerdictCounts;
  after: VerdictCounts;
}

export interface MinWinProposal {
  /** The proposed minimum (a whole percentage, as a share), or null when none separates won from lost. */
  proposed: number | null;
  /** Which deals it was chosen on: those the model qualifies without it, or (too few of those) all closed deals. */
  basis: "qualified" | "all";
  basisWon: number;
  basisLost: number;
  /** The minimum the change is shown for: the one asked about, else the proposed one (null: none). */
  minimum: number | null;
  /** Shares of the basis's won and lost deals the minimum keeps (at or above it); 1 and 1 without a minimum. */
  keptWon: number;
  keptLost: number;
  /** The closed deals of the history, and how many won and lost ones the minimum moves out of Qualified. */
  history: VerdictChange & { won: number; lost: number; wonLeaving: number; lostLeaving: number };
  /** The open deals: the history's own rows without an outcome, and those of options.open. */
  open: VerdictChange;
}

export interface MinWinOptions {
  asOf: number; // Excel serial of today, as the verdicts are scored
  outcome?: string; // the outcome column's header; found from the model's outcome words otherwise
  mapping?: HeaderMapping; // the history's mapping; the headers' own otherwise (as learnFromHistory reads it)
  /** Show the change for this minimum (0–1) instead of the proposed one. */
  minimum?: number;
  /** Open deals to show the change on too, under their own headers. */
  open?: { headers: readonly Cell[]; rows: readonly (readonly Cell[])[] };
}

export type MinWinResult = { ok: true; proposal: MinWinProposal } | { ok: false; problems: Problem[] };

const zeroCounts = (): VerdictCounts => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;

/**
 * The minimum among whole percentages 1–99 with the largest (share of `won` kept − share of `lost` kept), the
 * lowest on ties; null when none keeps a larger share of the won. `p` and `y` (1 won, 0 lost) are the basis's.
 */
export function youdenMinimum(p: ArrayLike<number>, y: ArrayLike<number>): number | null {
  let won = 0;
  for (let i = 0; i < y.length; i++) won += y[i];
  const lost = y.length - won;
  if (won === 0 || lost === 0) return null;
  let best: number | null = null;
  let bestJ = 0;
  for (let k = 1; k <= 99; k++) {
    const t = k / 100;
    let wonKept = 0;
    let lostKept = 0;
    for (let i = 0; i < p.length; i++)
      if (p[i] >= t) {
        if (y[i] === 1) wonKept++;
        else lostKept++;
      }
    const j = wonKept / won - lostKept / lost;
    if (j > bestJ + 1e-12) {
      bestJ = j;
      best = t;
    }
  }
  return best;
}

/**
 * Proposes a minimum win probability for `model` (a learned model: its `winModel`; a minimum it already sets is
 * ignored, the verdicts "before" are without one) from the history it was learned on, and shows what it changes.
 */
export function proposeMinWin(
  headers: readonly Cell[],
  rows: readonly (readonly Cell[])[],
  model: ScoringModel,
  options: MinWinOptions,
): MinWinResult {
  const vocabulary = model.outcome;
  if (!model.winModel || !vocabulary) return { ok: false, problems: [problem("formula.noWinModel", {})] };
  const without: ScoringModel = { ...model, winModel: { ...model.winModel } };
  delete without.winModel!.minWinProbability;

  // The outcome column as learning finds it; it is no field here either.
  const mapping = options.mapping ?? matchHeaders(headers);
  const located = outcomeColumnOf(headers, rows, vocabulary, options.outcome, mapping);
  if ("problem" in located) return { ok: false, problems: [located.problem] };
  const col = located.col;
  const columns = Object.fromEntries(
    Object.entries(mapping.columns).filter(([, c]) => c !== col),
  ) as HeaderMapping["columns"];
  const fieldMapping: HeaderMapping = { ...mapping, columns };
  const read = outcomeReader(vocabulary);
  const closed: (readonly Cell[])[] = [];
  const openRows: (readonly Cell[])[] = [];
  const outcome: number[] = [];
  for (const row of rows) {
    const o = read(row[col]);
    if (o === WON || o === LOST) {
      closed.push(row);
      outcome.push(o === WON ? 1 : 0);
    } else openRows.push(row);
  }

  // Verdicts and learned probabilities without a minimum.
  const scored = tableQualifier(headers, { model: without, asOf: options.asOf, mapping: fieldMapping }).rows(
    closed,
  );
  const p = scored.winProbability!;
  const basisRows: number[] = [];
  scored.verdict.forEach((v, i) => v === "Qualified" && basisRows.push(i));
  let basisWon = basisRows.reduce((s, i) => s + outcome[i], 0);
  let basisLost = basisRows.length - basisWon;
  let basis: MinWinProposal["basis"] = "qualified";
  if (basisWon < MIN_EACH || basisLost < MIN_EACH) {
    basis = "all";
    basisRows.length = 0;
    scored.verdict.forEach((v, i) => v !== null && basisRows.push(i));
    basisWon = basisRows.reduce((s, i) => s + outcome[i], 0);
    basisLost = basisRows.length - basisWon;
  }
  const proposed = youdenMinimum(
    basisRows.map((i) => p[i]),
    basisRows.map((i) => outcome[i]),
  );
  const minimum = options.minimum ?? proposed;
  const kept = (i: number) => minimum === null || p[i] >= minimum;
  const keptOf = (y: number, total: number) =>
    total === 0 ? 1 : basisRows.filter((i) => outcome[i] === y && kept(i)).length / total;

  // The rule (win-rule.ts) moves a Qualified deal below the minimum to Conditional and nothing else.
  const change = (verdicts: readonly (Verdict | null)[], prob: Float64Array): VerdictChange => {
    const before = zeroCounts();
    const after = zeroCounts();
    let n = 0;
    verdicts.forEach((v, i) => {
      if (v === null) return;
      n++;
      before[v]++;
      after[v === "Qualified" && minimum !== null && prob[i] < minimum ? "Conditional" : v]++;
    });
    return { rows: n, before, after };
  };
  let wonLeaving = 0;
  let lostLeaving = 0;
  scored.verdict.forEach((v, i) => {
    if (v === "Qualified" && !kept(i)) {
      if (outcome[i] === 1) wonLeaving++;
      else lostLeaving++;
    }
  });
  const won = outcome.reduce((s, y) => s + y, 0);

  // The open deals: the history's own, then the ones given, each under its headers.
  const ownOpen = tableQualifier(headers, { model: without, asOf: options.asOf, mapping: fieldMapping }).rows(
    openRows,
  );
  const verdicts = [...ownOpen.verdict];
  const probs = [...ownOpen.winProbability!];
  if (options.open) {
    const given = tableQualifier(options.open.headers, { model: without, asOf: options.asOf }).rows(
      options.open.rows,
    );
    verdicts.push(...given.verdict);
    probs.push(...given.winProbability!);
  }

  return {
    ok: true,
    proposal: {
      proposed,
      basis,
      basisWon,
      basisLost,
      minimum,
      keptWon: keptOf(1, basisWon),
      keptLost: keptOf(0, basisLost),
      history: { ...change(scored.verdict, p), won, lost: closed.length - won, wonLeaving, lostLeaving },
      open: change(verdicts, Float64Array.from(probs)),
    },
  };
}

/** The model with its minimum win probability set (a share 0–1), or removed (null). */
export function withMinWin(model: ScoringModel, minimum: number | null): ScoringModel {
  if (!model.winModel) return model;
  const winModel = { ...model.winModel };
  if (minimum === null) delete winModel.minWinProbability;
  else winModel.minWinProbability = minimum;
  return { ...model, winModel };
}
