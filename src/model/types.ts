// Domain types of the qualification engine, exported from one place so every shell speaks the same words.

import type { Problem } from "./problems";

/** What a spreadsheet cell can hold by the time a shell hands it to the engine. */
export type Cell = string | number | boolean | Date | null | undefined | { error: string };

/** The opportunity fields the engine recognises (see fields.ts; the words that name them are the model's vocabulary). */
export type FieldKey =
  | "id"
  | "name"
  | "customer"
  | "dealValue"
  | "margin"
  | "customerImportance"
  | "strategicImportance"
  | "widerApplication"
  | "customization"
  | "solutionAvailability"
  | "roadmapDate"
  | "developmentSize"
  | "resources"
  | "financing"
  | "commitment"
  | "requirementsClarity"
  | "competition"
  | "rfp"
  | "rfpQuestions"
  | "interactions"
  | "alternatives"
  | "responseDue"
  | "relationship"
  | "stage"
  | "closed"
  | "won"
  | "probability"
  | "forecastCategory";

/** One parsed field of an opportunity. Numbers are on the field's own axis (see fields.ts); dates are Excel serials. */
export type FieldValue =
  | { status: "ok"; value: number | string | boolean; raw: Cell }
  | { status: "missing" }
  | { status: "unrecognised"; raw: string };

export type Verdict = "Qualified" | "Conditional" | "Needs information" | "Not qualified";
export type Grade = "A" | "B" | "C" | "D";
export type RiskComponentKey = "delivery" | "commercial" | "customer" | "competitive";
export type EffortPartKey = "rfpResponse" | "solutionDesign" | "interactions" | "alternatives";

/** One explained contribution to the score. The score is the sum of the drivers' points. */
export interface Driver {
  factor: string; // a field key, "baseline" or "bidEffort"
  label: string; // plain name, e.g. "Financing"
  points: number; // signed, rounded to 0.1
  max: number; // the most this factor could have given
  reason: string; // plain words, e.g. "Financing Unsecured"
}

export interface RiskBreakdown {
  total: number; // 0–100, higher is riskier
  components: Record<RiskComponentKey, number>;
}

export interface EffortBreakdown {
  total: number; // person-days to achieve the sale
  parts: Record<EffortPartKey, number>;
  bidCost: number; // in the deal's currency units (days × day rate)
  bidCostPct: number | null; // bid cost as % of deal value, null when the value is unknown
  assumed: FieldKey[]; // effort inputs that were missing and took the model's default
}

/** One change to a field a team can act on, as the counterfactual proposes it. */
export interface Change {
  field: FieldKey;
  value: string | number; // a level key or a number on the field's axis
  label: string; // the value as a manager reads it ("Secured", "30%")
}

export interface KnockOut {
  rule: string;
  reason: string;
}

/** Who and what the opportunity is, for lists and summaries. */
export interface Subject {
  id: string | null;
  name: string | null;
  customer: string | null;
  dealValue: number | null;
}

export interface Assessment {
  subject: Subject;
  verdict: Verdict;
  score: number; // 0–100, higher = more worth pursuing
  grade: Grade;
  risk: RiskBreakdown;
  effort: EffortBreakdown;
  drivers: Driver[];
  knockOuts: KnockOut[];
  rationale: string;
  counterfactual: string | null; // null for Qualified and Needs information rows
  changes: Change[]; // the counterfactual's changes, empty when there is none
  confidence: number; // share of the model's weight read from real values, in whole percent 0–100
  nextStep: string | null; // the counterfactual, the fields to collect first, how a closed deal ended, or null
  closed: string | null; // "Closed won", "Closed lost" or "Closed": the verdict is then what it would be if open
  /** The CRM's own estimate, where the table carries one: shown beside ours, never part of our score. */
  crm: { probability: number | null; forecast: string | null };
  /**
   * With a model learned from won/lost history only: the win probability (0–1), the expected value (win
   * probability × deal value − bid cost, in the deal's currency; null without a deal value) and its drivers.
   */
  // expectedValue is in `currency` (the deal value's, an ISO code; null: the model's base currency, unnamed).
  win?: { probability: number; expectedValue: number | null; currency: string | null; text: string };
  missing: FieldKey[]; // absent fields
  unrecognised: { field: FieldKey; raw: string }[];
  model: { name: string; version: string };
}

/** The numbers alone, where no words are needed. */
export interface Scores {
  verdict: Verdict;
  score: number;
  grade: Grade;
  risk: number;
  effort: number;
}

/** A table as shells read it: a header row and data rows of raw cells. */
export interface OpportunityTable {
  headers: Cell[];
  rows: Cell[][];
}

/** Which column holds which field. Columns are 0-based indexes into the header row. */
export interface HeaderMapping {
  columns: Partial<Record<FieldKey, number>>;
  unmatched: string[]; // headers that matched no field (outputs of this add-in excluded)
  outputColumns: Partial<Record<OutputColumn, number>>; // this add-in's own columns found in the headers
  currency?: number; // the column naming each row's currency (Salesforce CurrencyIsoCode), -1 for none
  problems?: Problem[]; // what the headers and values left undecided (two columns for one field, …)
}

export type OutputColumn =
  | "Verdict"
  | "Score"
  | "Grade"
  | "Risk"
  | "Effort (pd)"
  | "Confidence (%)"
  | "Rationale"
  | "Next step"
  // Only with a learned win model: the win probability (0–1, shown as a percentage) and its expected value.
  | "Win %"
  | "Expected value";
