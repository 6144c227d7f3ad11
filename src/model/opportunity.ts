// One opportunity given by field (a label/value form, a JSON object, a test): qualified as a table of one, so it
// scores exactly as the same row of any table does.
import { FIELD_KEYS } from "./fields";
import { qualifyTable } from "./qualify-table";
import type { ScoringModel } from "./schema";
import type { AssessOptions, Assessment, Cell, FieldKey, HeaderMapping, Scores } from "./types";

export type OpportunityRecord = Partial<Record<FieldKey, Cell>>;

const BY_FIELD: HeaderMapping = {
  columns: Object.fromEntries(FIELD_KEYS.map((k, i) => [k, i])),
  unmatched: [],
  outputColumns: {},
};

function asTable(record: OpportunityRecord) {
  return { headers: FIELD_KEYS.slice(), rows: [FIELD_KEYS.map((k) => record[k] ?? null)] };
}

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
