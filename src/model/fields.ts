// The field catalogue: every opportunity field, the headers that name it, how its values are read, and the
// eTOM 1.1.9.1 phrase it serves. How much a value is worth is not here: that is the scoring model's data.
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
  synonyms: string[];
}

export interface FieldSpec {
  key: FieldKey;
  header: string;
  synonyms: string[];
  kind: FieldKind;
  /** For numeric kinds that score: "up" means more is better for the opportunity, "down" means worse. */
  direction?: "up" | "down";
  /** Level kinds: levels ordered from best (for the opportunity) to worst. */
  levels?: LevelSpec[];
  /** Numeric kinds: words accepted in place of a number, with the number each stands for. */
  words?: Record<string, number>;
  etom: string;
}

const level = (key: string, label: string, ...synonyms: string[]): LevelSpec => ({ key, label, synonyms });

export const FIELDS: readonly FieldSpec[] = [
  { key: "id", header: "Opportunity ID", synonyms: ["ID", "Opp ID", "Reference"], kind: "text", etom: "—" },
  {
    key: "name",
    header: "Opportunity",
    synonyms: ["Opportunity Name", "Name", "Deal"],
    kind: "text",
    etom: "—",
  },
  {
    key: "customer",
    header: "Customer",
    synonyms: ["Account", "Prospect", "Client"],
    kind: "text",
    etom: "—",
  },
  {
    key: "dealValue",
    header: "Deal Value",
    synonyms: ["Amount", "Estimated Revenue", "Contract Value", "TCV", "Value"],
    kind: "money",
    direction: "up",
    etom: "size of the sale",
  },
  {
    key: "margin",
    header: "Margin %",
    synonyms: ["Margin", "Gross Margin"],
    kind: "percent",
    direction: "up",
    etom: "financing / value",
  },
  {
    key: "customerImportance",
    header: "Customer Importance",
    synonyms: ["Customer Tier", "Account Tier"],
    kind: "scale",
    direction: "up",
    words: { strategic: 5, key: 4, standard: 2, new: 1, newlogo: 1, tier1: 5, tier2: 4, tier3: 2, tier4: 1 },
    etom: "importance of the specific customer",
  },
  {
    key: "strategicImportance",
    header: "Strategic Importance",
    synonyms: ["Strategic Fit"],
    kind: "scale",
    direction: "up",
    words: { none: 1, low: 1, medium: 3, moderate: 3, high: 4, critical: 5, veryhigh: 5 },
    etom: "strategic importance of the opportunity",
  },
  {
    key: "widerApplication",
    header: "Wider Application",
    synonyms: ["Reuse Potential", "Replicability"],
    kind: "scale",
    direction: "up",
    words: { none: 1, low: 1, medium: 3, moderate: 3, high: 5 },
    etom: "potential for wider application",
  },
  {
    key: "customization",
    header: "Customization",
    synonyms: ["Customisation", "Bespoke Level"],
    kind: "level",
    levels: [
      level(
        "standard",
        "Standard",
        "off the shelf",
        "off-the-shelf",
        "none",
        "standard product",
        "catalogue",
        "catalog",
      ),
      level("configured", "Configured", "configuration", "config", "low", "configurable"),
      level(
        "partiallyBespoke",
        "Partially bespoke",
        "partial",
        "partly bespoke",
        "medium",
        "some bespoke",
        "partially custom",
        "partial bespoke",
      ),
      level(
        "whollyBespoke",
        "Wholly bespoke",
        "bespoke",
        "fully bespoke",
        "full bespoke",
        "custom",
        "high",
        "fully custom",
        "wholly custom",
      ),
    ],
    etom: "degree of customization (bespoke work)",
  },
  {
    key: "solutionAvailability",
    header: "Solution Availability",
    synonyms: ["Availability", "Roadmap Status"],
    kind: "level",
    levels: [
      level("available", "Available", "yes", "in stock", "ga", "generally available", "available now"),
      level(
        "capacityConstrained",
        "Capacity constrained",
        "capacity",
        "constrained",
        "limited",
        "limited capacity",
        "capacity limited",
      ),
      level("onRoadmap", "On roadmap", "roadmap", "planned", "scheduled", "on the roadmap"),
      level(
        "notAvailable",
        "Not available",
        "no",
        "unavailable",
        "none",
        "n/a solution",
        "not planned",
        "not on roadmap",
      ),
    ],
    etom: "solution alternatives available (capacity) or scheduled on the product roadmap",
  },
  {
    key: "roadmapDate",
    header: "Roadmap Date",
    synonyms: ["Planned Availability"],
    kind: "date",
    etom: "scheduled on a product roadmap",
  },
  {
    key: "developmentSize",
    header: "Development Size (pd)",
    synonyms: ["Development Effort", "Build Effort", "Development Size"],
    kind: "days",
    direction: "down",
    etom: "size of the potential development and its risk",
  },
  {
    key: "resources",
    header: "Resources",
    synonyms: ["Resource Availability", "Staffing"],
    kind: "percent",
    direction: "up",
    words: { high: 0.9, medium: 0.6, med: 0.6, low: 0.25, none: 0 },
    etom: "resources",
  },
  {
    key: "financing",
    header: "Financing",
    synonyms: ["Funding", "Budget"],
    kind: "level",
    levels: [
      level("secured", "Secured", "approved", "funded", "committed", "yes", "confirmed"),
      level(
        "partial",
        "Partial",
        "partially secured",
        "partly secured",
        "pending",
        "in progress",
        "partially funded",
      ),
      level(
        "unsecured",
        "Unsecured",
        "no",
        "none",
        "not secured",
        "unfunded",
        "not approved",
        "unknown budget",
      ),
    ],
    etom: "financing",
  },
  {
    key: "commitment",
    header: "Commitment (months)",
    synonyms: ["Contract Term", "Term", "Commitment"],
    kind: "months",
    direction: "up",
    etom: "potential ongoing customer commitment",
  },
  {
    key: "requirementsClarity",
    header: "Requirements Clarity",
    synonyms: ["Requirements Understood"],
    kind: "percent",
    direction: "up",
    words: {
      high: 0.9,
      clear: 0.9,
      medium: 0.6,
      med: 0.6,
      partial: 0.6,
      low: 0.25,
      unclear: 0.25,
      vague: 0.25,
    },
    etom: "breadth of the customer's requirements understood",
  },
  {
    key: "competition",
    header: "Competition",
    synonyms: ["Competitors"],
    kind: "count",
    direction: "down",
    words: { none: 0, low: 1, medium: 2, med: 2, high: 4, intense: 6 },
    etom: "risk to achieve the sale",
  },
  {
    key: "rfp",
    header: "RFP",
    synonyms: ["RFP Required", "Tender"],
    kind: "boolean",
    levels: [level("no", "No"), level("yes", "Yes")],
    etom: "preparing a response to a request for proposal",
  },
  {
    key: "rfpQuestions",
    header: "RFP Questions",
    synonyms: ["RFP Items", "Requirements Count"],
    kind: "count",
    etom: "effort of the RFP response",
  },
  {
    key: "interactions",
    header: "Interactions",
    synonyms: ["Workshops", "Meetings"],
    kind: "count",
    etom: "extended interactions needed with the customer",
  },
  {
    key: "alternatives",
    header: "Solution Alternatives",
    synonyms: ["Alternatives", "Options"],
    kind: "count",
    etom: "development of alternative solutions",
  },
  {
    key: "responseDue",
    header: "Response Due",
    synonyms: ["Due Date", "Close Date"],
    kind: "date",
    direction: "up",
    etom: "time pressure on the response",
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
  return fieldLabel(key).replace(/\s*(\([^)]*\)|%)$/, "");
}
