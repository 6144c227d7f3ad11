// Shared test helpers: a fixed "today" and a quick way to build opportunities from named cells.
import { dateToSerial, type Cell, type FieldKey, type OpportunityRecord } from "../../src/model";

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
