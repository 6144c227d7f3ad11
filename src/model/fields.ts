// The field catalogue: every opportunity field, its canonical header, the kind of value it holds, its levels and
// the eTOM 1.1.9.1 phrase it serves. Which words name a field or its values is the model's vocabulary (data), and
// how much a value is worth is the scoring model's data; neither is here.
import type { FieldKey } from "./types";

/** How a field's cell is read. Numeric kinds parse onto one axis; level kinds parse to a level key. */
export type FieldKind =
  | "text"
  | "money" // currency amount
  | "percent" // a fraction 0..1 ("25%", 25, 0.25)
  | "scale" // 1..5, or words placed on the scale
  | "level" // one of a fixed, ordered set of levels
  | "count" // a non-negative count, or words placed on the count axis
  | "days" // person-days
  | "months" // a duration in months
  | "boolean"
  | "date"; // an Excel serial date

export interface LevelSpec {
  key: string;
  label: string;
}

/**
 * A field as the engine knows it. The words that name it in a header and the words its values may be written in
 * are not here: they are the model's vocabulary (default-model.json `vocabulary`), which users extend.
 */
export interface FieldSpec {
  key: FieldKey;
  header: string;
  kind: FieldKind;
  /** For numeric kinds that score: "up" means more is better for the opportunity, "down" means worse. */
  direction?: "up" | "down";
  /** Level kinds: levels ordered from best (for the opportunity) to worst. */
  levels?: LevelSpec[];
  etom: string;
}

const level = (key: string, label: string): LevelSpec => ({ key, label });
const YES_NO = [level("no", "No"), level("yes", "Yes")];

export const FIELDS: readonly FieldSpec[] = [
  { key: "id", header: "Opportunity ID", kind: "text", etom: "—" },
  { key: "name", header: "Opportunity", kind: "text", etom: "—" },
  { key: "customer", header: "Customer", kind: "text", etom: "—" },
  { key: "dealValue", header: "Deal Value", kind: "money", direction: "up", etom: "size of the sale" },
  { key: "margin", header: "Margin %", kind: "percent", direction: "up", etom: "financing / value" },
  {
    key: "customerImportance",
    header: "Customer Importance",
    kind: "scale",
    direction: "up",
    etom: "importance of the specific customer",
  },
  {
    key: "strategicImportance",
    header: "Strategic Importance",
    kind: "scale",
    direction: "up",
    etom: "strategic importance of the opportunity",
  },
  {
    key: "widerApplication",
    header: "Wider Application",
    kind: "scale",
    direction: "up",
    etom: "potential for wider application",
  },
  {
    key: "customization",
    header: "Customization",
    kind: "level",
    levels: [
      level("standard", "Standard"),
      level("configured", "Configured"),
      level("partiallyBespoke", "Partially bespoke"),
      level("whollyBespoke", "Wholly bespoke"),
    ],
    etom: "degree of customization (bespoke work)",
  },
  {
    key: "solutionAvailability",
    header: "Solution Availability",
    kind: "level",
    levels: [
      level("available", "Available"),
      level("capacityConstrained", "Capacity constrained"),
      level("onRoadmap", "On roadmap"),
      level("notAvailable", "Not available"),
    ],
    etom: "solution alternatives available (capacity) or scheduled on the product roadmap",
  },
  { key: "roadmapDate", header: "Roadmap Date", kind: "date", etom: "scheduled on a product roadmap" },
  {
    key: "developmentSize",
    header: "Development Size (pd)",
    kind: "days",
    direction: "down",
    etom: "size of the potential development and its risk",
  },
  { key: "resources", header: "Resources", kind: "percent", direction: "up", etom: "resources" },
  {
    key: "financing",
    header: "Financing",
    kind: "level",
    levels: [level("secured", "Secured"), level("partial", "Partial"), level("unsecured", "Unsecured")],
    etom: "financing",
  },
  {
    key: "commitment",
    header: "Commitment (months)",
    kind: "months",
    direction: "up",
    etom: "potential ongoing customer commitment",
  },
  {
    key: "requirementsClarity",
    header: "Requirements Clarity",
    kind: "percent",
    direction: "up",
    etom: "breadth of the customer's requirements understood",
  },
  {
    key: "competition",
    header: "Competition",
    kind: "count",
    direction: "down",
    etom: "risk to achieve the sale",
  },
  {
    key: "rfp",
    header: "RFP",
    kind: "boolean",
    levels: YES_NO,
    etom: "preparing a response to a request for proposal",
  },
  { key: "rfpQuestions", header: "RFP Questions", kind: "count", etom: "effort of the RFP response" },
  {
    key: "interactions",
    header: "Interactions",
    kind: "count",
    etom: "extended interactions needed with the customer",
  },
  {
    key: "alternatives",
    header: "Solution Alternatives",
    kind: "count",
    etom: "development of alternative solutions",
  },
  {
    key: "responseDue",
    header: "Response Due",
    kind: "date",
    direction: "up",
    etom: "time pressure on the response",
  },
  {
    key: "relationship",
    header: "Relationship",
    kind: "level",
    levels: [
      level("current", "Current customer"),
      level("past", "Past customer"),
      level("new", "New customer"),
    ],
    etom: "importance of the specific customer; risk to achieve the sale",
  },
  {
    // Where the deal stands: an open pursuit, or closed (won or lost). Not a factor: it says which rows are open.
    key: "stage",
    header: "Stage",
    kind: "level",
    levels: [level("open", "Open"), level("won", "Closed won"), level("lost", "Closed lost")],
    etom: "—",
  },
  // A CRM's own closed/won flags (Salesforce IsClosed, IsWon), read with the stage.
  { key: "closed", header: "Closed", kind: "boolean", levels: YES_NO, etom: "—" },
  { key: "won", header: "Won", kind: "boolean", levels: YES_NO, etom: "—" },
  // The CRM's own estimate of the deal: carried beside ours, never part of our score.
  { key: "probability", header: "Probability", kind: "percent", etom: "—" },
  {
    key: "forecastCategory",
    header: "Forecast Category",
    kind: "level",
    levels: [
      level("closed", "Closed"),
      level("commit", "Commit"),
      level("bestCase", "Best case"),
      level("pipeline", "Pipeline"),
      level("omitted", "Omitted"),
    ],
    etom: "—",
  },
];

export const FIELD_KEYS: readonly FieldKey[] = FIELDS.map((f) => f.key);

const byKey = new Map<FieldKey, FieldSpec>(FIELDS.map((f) => [f.key, f]));

export function fieldSpec(key: FieldKey): FieldSpec {
  const spec = byKey.get(key);
  if (!spec) throw new Error(`unknown field ${key}`);
  return spec;
}

/** The field's canonical header, used in messages ("Financing 'maybe' not recognised"). */
export function fieldLabel(key: string): string {
  return byKey.get(key as FieldKey)?.header ?? key;
}

/** The header without its unit, for sentences: "Margin", "Commitment", "Development Size". */
export function shortLabel(key: string): string {
  // Every reason a rationale gives starts with one: the catalogue's are worked out once.
  return SHORT_LABELS.get(key) ?? withoutUnit(fieldLabel(key));
}

const withoutUnit = (label: string) => label.replace(/\s*(\([^)]*\)|%)$/, "");
const SHORT_LABELS = new Map<string, string>(FIELDS.map((f) => [f.key, withoutUnit(fieldLabel(f.key))]));
