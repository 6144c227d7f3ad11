// Shared test helpers: a fixed "today" and a quick way to build opportunities from named cells.
import {
  dateToSerial,
  FIELD_KEYS,
  qualifyTable,
  type Assessment,
  type Cell,
  type FieldKey,
  type HeaderMapping,
  type Scores,
  type ScoringModel,
} from "../../src/model";

/** Today (an Excel serial date) and whether to search the counterfactual (by default yes). */
export interface AssessOptions {
  asOf: number;
  counterfactual?: boolean;
}

/** One opportunity given by field, as the tests write them. */
export type OpportunityRecord = Partial<Record<FieldKey, Cell>>;

export const AS_OF = dateToSerial(new Date(Date.UTC(2026, 10, 28)));
export const OPTIONS = { asOf: AS_OF };

/** A solid, fully described opportunity that the default model qualifies. */
export const GOOD: Partial<Record<FieldKey, Cell>> = {
  id: "OPP-1",
  name: "5G core upgrade",
  customer: "Acme Telecom",
  dealValue: 1_200_000,
  margin: 0.3,
  customerImportance: "Strategic",
  strategicImportance: "High",
  widerApplication: "Medium",
  customization: "Configured",
  solutionAvailability: "Available",
  developmentSize: 40,
  resources: "High",
  financing: "Secured",
  commitment: 36,
  requirementsClarity: "High",
  competition: "Low",
  rfp: "Yes",
  rfpQuestions: 120,
  interactions: 4,
  alternatives: 1,
  responseDue: AS_OF + 30,
};

export function opp(overrides: Partial<Record<FieldKey, Cell>> = {}, base = GOOD): OpportunityRecord {
  return { ...base, ...overrides };
}

/**
 * The record with a name, so that it is an opportunity even when every scored field is blank: a table row with
 * nothing in any recognised field is empty and gets no result.
 */
export function named(record: OpportunityRecord): OpportunityRecord {
  return { name: "Opportunity", ...record };
}

// One opportunity is qualified as a table of one, with a column per field: exactly as that row of any table.
const BY_FIELD: HeaderMapping = {
  columns: Object.fromEntries(FIELD_KEYS.map((k, i) => [k, i])),
  unmatched: [],
  outputColumns: {},
};
const asTable = (record: OpportunityRecord) => ({
  headers: FIELD_KEYS.slice(),
  rows: [FIELD_KEYS.map((k) => record[k] ?? null)],
});

/** The whole, explained assessment of one opportunity (with its counterfactual unless options say not). */
export function assessOpportunity(
  record: OpportunityRecord,
  model: ScoringModel,
  options: AssessOptions,
): Assessment {
  const { results } = qualifyTable(asTable(record), {
    model,
    asOf: options.asOf,
    mapping: BY_FIELD,
    detail: "assessments",
    counterfactual: options.counterfactual !== false,
  });
  const a = results.assessments![0];
  if (a === null) throw new Error("an opportunity with no field at all has no assessment");
  return a;
}

/** The numbers alone (verdict, score, grade, risk, effort) of one opportunity. */
export function scoreOpportunity(
  record: OpportunityRecord,
  model: ScoringModel,
  options: AssessOptions,
): Scores {
  const { results: r } = qualifyTable(asTable(record), { model, asOf: options.asOf, mapping: BY_FIELD });
  if (r.verdict[0] === null) throw new Error("an opportunity with no field at all has no scores");
  return {
    verdict: r.verdict[0],
    score: r.score[0],
    grade: r.grade[0]!,
    risk: r.risk[0],
    effort: r.effort[0],
  };
}
