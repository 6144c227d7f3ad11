// Plain words: what each driver means ("Customization Wholly bespoke"), and the one or two sentences a manager
// reads in the Rationale column: knock-outs first, then why it passed or fell short, the strongest reasons for
// and against, then the data that was missing or unreadable.
import { fieldLabel, fieldSpec, shortLabel } from "./fields";
import { serialToIso } from "./dates";
import { winBelowMinimum } from "./messages";
import { defaultWordFor } from "./parse";
import { formatScore } from "./output";
import type { ScoringModel } from "./schema";
import type { Shortfall } from "./score";
import type { FieldKey, FieldValue, RiskComponentKey, Verdict } from "./types";

export function formatMoney(n: number): string {
  if (!(Math.abs(n) >= 1e3)) return String(Math.round(n));
  const scale = Math.abs(n) >= 1e9 ? 1e9 : Math.abs(n) >= 1e6 ? 1e6 : 1e3;
  const suffix = scale === 1e9 ? "bn" : scale === 1e6 ? "M" : "k";
  const x = n / scale;
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  // A whole amount of money, as deal values mostly are, is rounded in whole numbers: the same digits as toFixed
  // on the scaled value (which lies further from a rounding boundary than its own error), but for a tie at the
  // boundary, which toFixed settles by the scaled value's binary digits.
  if (Number.isInteger(n) && n > 0 && n < 1e12) {
    const unit = scale / TENS[digits];
    if (2 * (n % unit) !== unit) return `${Math.round(n / unit) / TENS[digits]}${suffix}`;
  }
  return `${Number(x.toFixed(digits))}${suffix}`;
}

const TENS = [1, 10, 100];

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** A value as a manager would recognise it: the word for it where the catalogue has one, else a tidy number. */
export function describeValue(field: FieldKey, value: number | string | boolean): string {
  const spec = fieldSpec(field);
  if (spec.levels) return spec.levels.find((l) => l.key === value)?.label ?? String(value);
  if (typeof value !== "number") return String(value);
  const word = defaultWordFor(field, value);
  switch (spec.kind) {
    case "money":
      return formatMoney(value);
    case "percent":
      return word && spec.key !== "margin" ? capitalise(word) : formatPercent(value);
    case "scale":
      return `${Number(value.toFixed(1))}/5`;
    case "days":
      return `${Number(value.toFixed(1))} pd`;
    case "months":
      return `${Number(value.toFixed(1))} months`;
    case "date":
      return serialToIso(value);
    default:
      return String(Number(value.toFixed(2)));
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The user's own words for a value ("Critical", "$1.2M", "Q3 2027"), when they typed words rather than a number. */
function typedValue(field: FieldKey, v: Extract<FieldValue, { status: "ok" }>): string | null {
  if (fieldSpec(field).levels || typeof v.raw !== "string") return null;
  const text = v.raw.trim();
  return text.length > 0 && text.length <= 30 && !/^[\d.,\s]+$/.test(text) ? text : null;
}

/** Whether a field's reason counts days from today (so it cannot be remembered from one day to the next). */
export function reasonIsDated(field: FieldKey, v: FieldValue): boolean {
  return (
    field === "responseDue" ||
    (field === "solutionAvailability" && v.status === "ok" && v.value === "onRoadmap")
  );
}

/** What one field contributed, in words: "Financing Unsecured", "Response due in 9 days", "Margin missing". */
export function fieldReason(field: FieldKey, v: FieldValue, asOf: number, roadmap?: FieldValue): string {
  return reasonText(field, v, asOf, roadmap);
}

function reasonText(field: FieldKey, v: FieldValue, asOf: number, roadmap?: FieldValue): string {
  const label = shortLabel(field);
  if (v.status === "missing") return `${label} missing`;
  if (v.status === "unrecognised") return `${label} '${v.raw}' not recognised`;
  if (field === "responseDue") {
    const days = (v.value as number) - asOf;
    return days < 0 ? `Response overdue by ${-days} days` : `Response due in ${days} days`;
  }
  let text = `${label} ${typedValue(field, v) ?? describeValue(field, v.value)}`;
  if (field === "solutionAvailability" && v.value === "onRoadmap") {
    text += roadmap?.status === "ok" ? ` (${serialToIso(roadmap.value as number)})` : " (no date)";
  }
  return text;
}

function signed(points: number): string {
  return points >= 0 ? `+${formatScore(points)}` : `−${formatScore(-points)}`;
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What goes before item k of n in a list(): nothing, ", ", or " and " before the last. */
function listSeparator(k: number, n: number): string {
  return k === 0 ? "" : k === n - 1 ? " and " : ", ";
}

/**
 * "score 52 is below 62", "commercial/financial risk 68 (Financing Unsecured, Margin % 5%) is above 65": a risk
 * component names the inputs that drive it when `inputs` gives them.
 */
export function describeShortfalls(
  model: ScoringModel,
  list: readonly Shortfall[],
  inputs?: (component: RiskComponentKey) => readonly string[],
): string[] {
  return list.map((s) => {
    const parts: string[] = [];
    pushShortfall(parts, model, s, inputs);
    return parts.join("");
  });
}

/** One shortfall in words (describeShortfalls), added to a sentence's parts. */
function pushShortfall(
  s: string[],
  model: ScoringModel,
  gap: Shortfall,
  inputs: ((component: RiskComponentKey) => readonly string[]) | undefined,
): void {
  if (gap.kind === "score") {
    s.push("score ", formatScore(gap.value), " is below ", String(gap.limit));
    return;
  }
  if (gap.kind === "risk") {
    s.push("risk ", formatScore(gap.value), " is above ", String(gap.limit));
    return;
  }
  s.push(model.risk[gap.component!].label.toLowerCase(), " risk ", formatScore(gap.value));
  const why = inputs?.(gap.component!);
  if (why !== undefined && why.length > 0) {
    s.push(" (", why[0]);
    for (let i = 1; i < why.length; i++) s.push(", ", why[i]);
    s.push(")");
  }
  s.push(" is above ", String(gap.limit));
}

/** A share as a whole percentage: 0.347 → "35%". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A driver as the rationale quotes it: its reason and its rounded points. */
export interface Reason {
  reason: string;
  points: number;
}

export interface RationaleInput {
  verdict: Verdict;
  score: number;
  risk: number;
  knockOuts: readonly string[]; // the reasons of the knock-out rules it trips
  gaps: readonly Shortfall[]; // where it falls short of the qualified thresholds
  pros: readonly Reason[]; // the strongest reasons for, strongest first
  cons: readonly Reason[]; // the strongest reasons against, strongest first
  missing: readonly FieldKey[];
  unrecognised: readonly { field: FieldKey; raw: string }[];
  /** Share of the model's weight read from real values, and what the model needs before it decides. */
  confidence: number;
  minKnown: number;
  requiredMissing: readonly FieldKey[]; // fields the model requires that this row lacks
  inputs?: (component: RiskComponentKey) => readonly string[]; // the inputs driving a risk component
  effortAssumed?: boolean; // no effort input was read: the bid effort is the model's assumption
  unsure?: boolean; // Qualified on the model's assumptions for missing data only: Conditional until it is known
  /** Qualified but for the model's minimum win probability (win-rule.ts): the learned probability and the minimum. */
  winBelow?: { probability: number; minimum: number };
}

const MAX_MISSING = 4;

/** "Missing Margin %, Customer Importance, Strategic Importance and 13 more", or "" when nothing is missing. */
export function missingSentence(missing: readonly FieldKey[]): string {
  if (missing.length === 0) return "";
  const names = missing.map(fieldLabel);
  const shown =
    names.length > MAX_MISSING
      ? [...names.slice(0, MAX_MISSING - 1), `${names.length - MAX_MISSING + 1} more`]
      : names;
  return `Missing ${list(shown)}`;
}

// Points lie within ±100: their quoted words, " (+3.9)" and " (−2.4)", are worked out once, by tenths.
const QUOTED_TENTHS = 1000;
const QUOTED: readonly string[] = Array.from(
  { length: 2 * QUOTED_TENTHS + 1 },
  (_, k) => ` (${signed((k - QUOTED_TENTHS) / 10)})`,
);

/** A reason's points as the rationale quotes them after it: " (+3.9)". */
function quotedPoints(points: number): string {
  const tenths = Math.round(points * 10);
  return tenths >= -QUOTED_TENTHS && tenths <= QUOTED_TENTHS
    ? QUOTED[tenths + QUOTED_TENTHS]
    : ` (${signed(points)})`;
}

/** "; for: a (+1), b (+2)" added to a sentence's parts (nothing when there are no reasons). */
function pushReasons(s: string[], lead: string, reasons: readonly Reason[]): void {
  for (let i = 0; i < reasons.length; i++)
    s.push(i === 0 ? lead : ", ", reasons[i].reason, quotedPoints(reasons[i].points));
}

/**
 * The one or two sentences of the Rationale column: knock-outs first, else the thresholds missed, else the score
 * and risk; the strongest reasons for and against; then missing and unreadable data. `missing` may be given
 * already worded (missingSentence), as a table remembers it for rows with the same gaps.
 */
export function rationaleOf(
  model: ScoringModel,
  a: RationaleInput,
  missing = missingSentence(a.missing),
): string {
  // Built as parts joined once: the result is one flat string, not a rope of a dozen pieces that a table of
  // 100,000 rationales would keep alive (and the garbage collector copy) until someone reads them. Lists are
  // written into the parts as they go, not joined on their own first.
  const s: string[] = [];
  const lacking = a.confidence < a.minKnown || a.requiredMissing.length > 0;
  if (a.knockOuts.length > 0) {
    s.push("Not qualified: ", a.knockOuts[0]);
    for (let i = 1; i < a.knockOuts.length; i++) s.push("; ", a.knockOuts[i]);
  } else if (a.verdict === "Needs information") {
    const required = a.requiredMissing;
    if (required.length > 0) {
      s.push("Needs information: ");
      for (let i = 0; i < required.length; i++)
        s.push(listSeparator(i, required.length), fieldLabel(required[i]));
      s.push(" not known");
    } else
      s.push(
        "Needs information: ",
        formatShare(a.confidence),
        " of the model's weight is known, ",
        formatShare(a.minKnown),
        " needed",
      );
  } else if (a.unsure) {
    s.push(
      "Conditional: would qualify with score ",
      formatScore(a.score),
      " and risk ",
      formatScore(a.risk),
      ", but not whatever the missing data holds",
    );
  } else if (a.winBelow) {
    s.push(
      "Conditional: would qualify with score ",
      formatScore(a.score),
      " and risk ",
      formatScore(a.risk),
      ", but the ",
      winBelowMinimum(a.winBelow.probability, a.winBelow.minimum),
    );
  } else if (a.gaps.length > 0) {
    s.push(a.verdict, ": ");
    for (let i = 0; i < a.gaps.length; i++) {
      s.push(listSeparator(i, a.gaps.length));
      pushShortfall(s, model, a.gaps[i], a.inputs);
    }
    if (lacking && a.verdict === "Not qualified") s.push(", whatever the missing data");
  } else {
    s.push(a.verdict, " with score ", formatScore(a.score), " and risk ", formatScore(a.risk));
  }
  pushReasons(s, "; for: ", a.pros);
  pushReasons(s, "; against: ", a.cons);
  s.push(".");
  const u = a.unrecognised;
  if (missing === "" && u.length === 0 && !a.effortAssumed) return s.join("");
  s.push(" ");
  let gap = missing !== "";
  if (gap) s.push(missing);
  if (a.effortAssumed) {
    s.push(gap ? "; bid effort assumed" : "Bid effort assumed");
    gap = true;
  }
  for (let i = 0; i < u.length && i < 3; i++) {
    s.push(gap ? "; " : "", fieldLabel(u[i].field), " '", u[i].raw, "' not recognised");
    gap = true;
  }
  if (u.length > 3) s.push("; ", String(u.length - 3), " more values not recognised");
  s.push(".");
  return s.join("");
}
