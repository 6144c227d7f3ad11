// The scoring model's schema. A model is data (weights, value maps, risk, effort, thresholds, knock-outs);
// this file says what a valid one looks like, including the rules that keep every model monotonic.
import { z } from "zod";

// No code generation: the task pane's Content-Security-Policy forbids eval, which zod would otherwise probe for.
z.config({ jitless: true });
import { FIELDS, fieldSpec } from "./fields";
import type { ProblemCode, ProblemParams } from "./problems";
import type { FieldKey } from "./types";

/** Fields that carry points: each maps its value to a goodness from 0 (worst) to 1 (best). */
export const SCORED_FIELDS = [
  "dealValue",
  "margin",
  "customerImportance",
  "strategicImportance",
  "widerApplication",
  "commitment",
  "customization",
  "solutionAvailability",
  "developmentSize",
  "resources",
  "financing",
  "requirementsClarity",
  "competition",
  "rfp",
  "responseDue",
  "relationship",
] as const satisfies readonly FieldKey[];
export type ScoredField = (typeof SCORED_FIELDS)[number];

const CUSTOMIZATION = ["standard", "configured", "partiallyBespoke", "whollyBespoke"] as const;

const goodness = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const curve = z.array(z.tuple([z.number(), goodness])).min(2);
const perCustomization = z.strictObject({
  standard: nonNegative,
  configured: nonNegative,
  partiallyBespoke: nonNegative,
  whollyBespoke: nonNegative,
});

function levelsOf(field: FieldKey): string[] {
  return (fieldSpec(field).levels ?? []).map((l) => l.key);
}

/** How a field's values map to goodness: named levels, or a curve over the field's numeric axis. */
export type ValueMap = { levels?: Record<string, number>; curve?: [number, number][]; missing: number };
export type RoadmapLevels = {
  levels: Record<string, number>;
  missing: number;
  roadmapCurve: [number, number][];
  roadmapUndated: number;
};

function valueSchema(field: ScoredField) {
  const spec = fieldSpec(field);
  if (spec.levels) {
    const levels = z.strictObject(Object.fromEntries(levelsOf(field).map((k) => [k, goodness])));
    if (field === "solutionAvailability") {
      return z.strictObject({ levels, missing: goodness, roadmapCurve: curve, roadmapUndated: goodness });
    }
    return z.strictObject({ levels, missing: goodness });
  }
  return z.strictObject({ curve, missing: goodness });
}

const fieldEnum = z.enum(FIELDS.map((f) => f.key) as [FieldKey, ...FieldKey[]]);
const keysWhere = (test: (kind: string) => boolean) =>
  z.enum(FIELDS.filter((f) => test(f.kind)).map((f) => f.key) as [FieldKey, ...FieldKey[]]);
const levelFieldEnum = keysWhere((kind) => kind === "level" || kind === "boolean");
const wordFieldEnum = keysWhere((kind) => ["percent", "scale", "count"].includes(kind));

/** Where a word placed on a numeric field's axis must lie (the axis the field reads numbers onto). */
export const WORD_RANGE: Record<string, [number, number]> = {
  percent: [0, 1],
  scale: [1, 5],
  count: [0, Infinity],
};

const wordList = z.array(z.string().min(1));
/**
 * The vocabulary: the words a model reads. Missing words say there is no value; header words name a field (beside its own header); level words say
 * which level a value means; numeric words place a word on a field's axis; unit words convert a duration. A user's
 * model adds to the default's (scoring-model.ts merges these lists and maps rather than replacing them).
 */
const vocabularySchema = z.strictObject({
  missing: z.array(z.string()), // words that mean "no value here" ("tbd", "n/a"): read as missing, not unrecognised
  headers: z.partialRecord(fieldEnum, wordList),
  levels: z.partialRecord(levelFieldEnum, z.record(z.string(), wordList)),
  words: z.partialRecord(wordFieldEnum, z.record(z.string(), z.number())),
  units: z.strictObject({
    days: z.record(z.string(), z.number().positive()),
    months: z.record(z.string(), z.number().positive()),
  }),
});
export type Vocabulary = z.infer<typeof vocabularySchema>;
const scoredEnum = z.enum(SCORED_FIELDS);

const knockout = z.strictObject({
  enabled: z.boolean(),
  field: scoredEnum,
  levels: z.array(z.string()).optional(),
  below: z.number().optional(),
  above: z.number().optional(),
  unlessPresent: fieldEnum.optional(),
  reason: z.string().min(1),
});

const riskComponent = z.strictObject({
  label: z.string().min(1),
  weight: nonNegative,
  factors: z.partialRecord(scoredEnum, nonNegative),
});

const threshold = z.strictObject({
  minScore: z.number().min(0).max(100),
  maxRisk: z.number().min(0).max(100),
  maxComponentRisk: z.number().min(0).max(100),
});

// Learning from won/lost history (learn.ts): how outcomes are named, what learning needs, and what it learned.
const words = z.array(z.string().min(1)).min(1);
const outcomeSchema = z.strictObject({
  headers: words, // column headers that hold the outcome, most specific first
  won: words, // values meaning won
  lost: words, // values meaning lost
  dateHeaders: z.array(z.string().min(1)), // columns giving the close date, for the history's date range
});
const learningSchema = z.strictObject({
  minWon: z.number().int().min(1).max(1_000_000),
  minLost: z.number().int().min(1).max(1_000_000),
  folds: z.number().int().min(2).max(20),
  l2: z.number().positive().max(1e6),
  bands: z.number().int().min(2).max(20), // bands a number is cut into (by the history's quantiles)
  leakageAuc: z.number().min(0.5).max(1), // a field alone above this is flagged as recorded after the outcome
  ordered: z.array(fieldEnum), // fields whose order (best to worst) is a rule the learned weights keep
});
const logOdds = z.number().min(-50).max(50); // beyond ±50 log-odds a probability is 0 or 1 to the last digit
const count = z.number().int().min(0).max(1e9);
const share = z.number().min(0).max(1);
const winFieldSchema = z.strictObject({
  levels: z.record(z.string(), logOdds).optional(), // a level field: log-odds per level key
  bands: z // a number: log-odds per band, bands split at `edges` (a value equal to an edge falls below it)
    .strictObject({ edges: z.array(z.number()).min(1), points: z.array(logOdds).min(2) })
    .optional(),
  missing: logOdds,
  average: logOdds, // the field's mean log-odds over the history: drivers are told against it
});
const winModelSchema = z.strictObject({
  intercept: logOdds,
  fields: z.partialRecord(fieldEnum, winFieldSchema),
  history: z.strictObject({
    rows: count,
    won: count,
    lost: count,
    open: count,
    outcomeColumn: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  validation: z.strictObject({
    folds: z.number().int().min(2).max(20),
    seed: z.number().int().min(0).max(4294967295),
    auc: share,
    brier: share,
    currentAuc: share.optional(), // absent when no row had a score
    unconstrainedAuc: share,
  }),
  minWinProbability: share.optional(),
});

export const modelSchema = z
  .strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    weights: z.strictObject({
      ...Object.fromEntries(SCORED_FIELDS.map((f) => [f, nonNegative])),
      bidEffort: nonNegative,
    } as Record<ScoredField | "bidEffort", typeof nonNegative>),
    values: z.strictObject(
      Object.fromEntries(SCORED_FIELDS.map((f) => [f, valueSchema(f)])) as unknown as {
        [K in ScoredField]: z.ZodType<K extends "solutionAvailability" ? RoadmapLevels : ValueMap>;
      },
    ),
    risk: z.strictObject({
      delivery: riskComponent,
      commercial: riskComponent,
      customer: riskComponent,
      competitive: riskComponent,
    }),
    effort: z.strictObject({
      hoursPerDay: z.number().positive(),
      rfpBaseDays: nonNegative,
      hoursPerRfpQuestion: perCustomization,
      designDays: perCustomization,
      designShareOfDevelopment: z.number().min(0).max(1),
      daysPerInteraction: nonNegative,
      daysPerAlternative: nonNegative,
      dayRate: nonNegative,
      defaults: z.strictObject({
        customization: z.enum(CUSTOMIZATION),
        rfp: z.boolean(),
        rfpQuestions: nonNegative,
        interactions: nonNegative,
        alternatives: nonNegative,
        developmentSize: nonNegative,
      }),
      missingDealValue: z.number().positive(),
      costPctCurve: curve,
    }),
    thresholds: z.strictObject({ qualified: threshold, conditional: threshold }),
    grades: z.strictObject({
      A: z.number().min(0).max(100),
      B: z.number().min(0).max(100),
      C: z.number().min(0).max(100),
    }),
    knockouts: z.record(z.string(), knockout),
    /**
     * When a row lacks the data to decide: the share of the model's weight (0–1) that must be read from real
     * values, and the fields that must each be known, before it can be called Qualified, Conditional or (short of
     * a knock-out, or of no possible value lifting it) Not qualified.
     */
    information: z.strictObject({
      minKnownWeight: z.number().min(0).max(1),
      required: z.array(scoredEnum),
    }),
    counterfactual: z.strictObject({
      maxChanges: z.number().int().min(1).max(4),
      changeable: z.partialRecord(scoredEnum, z.array(z.union([z.string(), z.number()])).min(1)),
    }),
    vocabulary: vocabularySchema,
    // How many rows =OPP.QUALIFY returns a text or card detail for ("rationale", "counterfactual", "all",
    // "card"): larger spills of text and entities are a known hang risk in Excel on the web. Optional, so a model
    // written before this setting still loads (the formulas then use the default model's limit).
    // At most a sheet's 1,048,576 rows less the header.
    formulas: z.strictObject({ maxDetailRows: z.number().int().min(1).max(1_048_575) }).optional(),
    // Money in several currencies: the base currency (an ISO code; null leaves amounts written without a currency
    // unnamed) and exchange rates to it per unit of each other currency. Totals are added in the base only where
    // a rate says how; otherwise they are shown per currency. Optional, so older models load.
    currency: z
      .strictObject({
        base: z
          .string()
          .regex(/^[A-Z]{3}$/)
          .nullable(),
        rates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
      })
      .optional(),
    outcome: outcomeSchema.optional(),
    learning: learningSchema.optional(),
    winModel: winModelSchema.optional(),
  })
  .superRefine((m, ctx) => {
    // Each rule's problem is data (its code and params); messages.ts words it.
    const issue = <C extends ProblemCode>(path: (string | number)[], code: C, params: ProblemParams[C]) =>
      ctx.addIssue({ code: "custom", path, message: code, params: { problem: code, ...params } });
    const curveCheck = (path: (string | number)[], points: [number, number][], direction: "up" | "down") => {
      for (let i = 1; i < points.length; i++) {
        if (!(points[i][0] > points[i - 1][0])) issue([...path, i, 0], "model.curveOrder", {});
        const worse = direction === "up" ? points[i][1] < points[i - 1][1] : points[i][1] > points[i - 1][1];
        if (worse) {
          issue([...path, i, 1], "model.curveDirection", { direction });
        }
      }
    };
    const middle = (gs: number[]): number => {
      const s = [...gs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    for (const field of SCORED_FIELDS) {
      const spec = fieldSpec(field);
      const v = m.values[field] as {
        levels?: Record<string, number>;
        curve?: [number, number][];
        missing: number;
      };
      let mid: number;
      if (v.levels) {
        const order = levelsOf(field);
        for (let i = 1; i < order.length; i++) {
          if (v.levels[order[i]] > v.levels[order[i - 1]]) {
            issue(["values", field, "levels", order[i]], "model.levelOrder", { better: order[i - 1] });
          }
        }
        mid = middle(order.map((k) => v.levels![k]));
      } else {
        curveCheck(["values", field, "curve"], v.curve!, spec.direction ?? "up");
        // A loop, not a spread: a curve may have any number of points.
        let lo = Infinity;
        let hi = -Infinity;
        for (const p of v.curve!) [lo, hi] = [Math.min(lo, p[1]), Math.max(hi, p[1])];
        mid = (lo + hi) / 2;
      }
      if (v.missing > mid + 1e-9) {
        issue(["values", field, "missing"], "model.missingAboveMiddle", { middle: mid });
      }
    }
    curveCheck(
      ["values", "solutionAvailability", "roadmapCurve"],
      m.values.solutionAvailability.roadmapCurve,
      "down",
    );
    curveCheck(["effort", "costPctCurve"], m.effort.costPctCurve, "down");
    for (const table of ["hoursPerRfpQuestion", "designDays"] as const) {
      for (let i = 1; i < CUSTOMIZATION.length; i++) {
        if (m.effort[table][CUSTOMIZATION[i]] < m.effort[table][CUSTOMIZATION[i - 1]]) {
          issue(["effort", table, CUSTOMIZATION[i]], "model.effortOrder", { less: CUSTOMIZATION[i - 1] });
        }
      }
    }
    const totalWeight = Object.values(m.weights).reduce((a, b) => a + b, 0);
    if (!(totalWeight > 0)) issue(["weights"], "model.noWeight", {});
    const comps = Object.entries(m.risk) as [string, z.infer<typeof riskComponent>][];
    if (!(comps.reduce((a, [, c]) => a + c.weight, 0) > 0)) issue(["risk"], "model.noRiskWeight", {});
    for (const [key, c] of comps) {
      if (!(Object.values(c.factors).reduce((a: number, b) => a + (b ?? 0), 0) > 0)) {
        issue(["risk", key, "factors"], "model.noRiskFactor", {});
      }
    }
    const { qualified, conditional } = m.thresholds;
    if (qualified.minScore < conditional.minScore) {
      issue(["thresholds", "qualified", "minScore"], "model.thresholdOrder", {
        other: "thresholds.conditional.minScore",
        bound: "least",
      });
    }
    if (qualified.maxRisk > conditional.maxRisk) {
      issue(["thresholds", "qualified", "maxRisk"], "model.thresholdOrder", {
        other: "thresholds.conditional.maxRisk",
        bound: "most",
      });
    }
    if (qualified.maxComponentRisk > conditional.maxComponentRisk) {
      issue(["thresholds", "qualified", "maxComponentRisk"], "model.thresholdOrder", {
        other: "thresholds.conditional.maxComponentRisk",
        bound: "most",
      });
    }
    if (m.grades.A < m.grades.B) issue(["grades", "A"], "model.gradeOrder", { other: "grades.B" });
    if (m.grades.B < m.grades.C) issue(["grades", "B"], "model.gradeOrder", { other: "grades.C" });
    for (const [id, k] of Object.entries(m.knockouts)) {
      const spec = fieldSpec(k.field);
      const set = [k.levels !== undefined, k.below !== undefined, k.above !== undefined].filter(
        Boolean,
      ).length;
      if (set !== 1) {
        issue(["knockouts", id], "model.knockoutCondition", {});
        continue;
      }
      if (k.levels) {
        const order = levelsOf(k.field);
        if (order.length === 0)
          issue(["knockouts", id, "levels"], "model.knockoutNoLevels", { field: k.field });
        for (const lv of k.levels) {
          if (!order.includes(lv))
            issue(["knockouts", id, "levels"], "model.knockoutNotLevel", {
              level: lv,
              field: k.field,
              levels: order,
            });
        }
        // A knock-out on a level must also knock out every worse level, or a worse input could improve the verdict.
        const first = Math.min(...k.levels.map((lv) => order.indexOf(lv)).filter((i) => i >= 0));
        for (const lv of order.slice(first)) {
          if (!k.levels.includes(lv))
            issue(["knockouts", id, "levels"], "model.knockoutWorseLevel", { level: lv });
        }
      } else if (spec.levels) {
        issue(["knockouts", id], "model.knockoutUseLevels", { field: k.field });
      } else if (k.below !== undefined && spec.direction === "down") {
        issue(["knockouts", id, "below"], "model.knockoutDirection", { field: k.field, use: "above" });
      } else if (k.above !== undefined && spec.direction !== "down") {
        issue(["knockouts", id, "above"], "model.knockoutDirection", { field: k.field, use: "below" });
      }
    }
    checkVocabulary(m.vocabulary, issue);
    // A learned win model keeps the order rules learning kept: an ordered field's better level never weighs less.
    for (const [field, w] of Object.entries(m.winModel?.fields ?? {})) {
      const order = levelsOf(field as FieldKey);
      if (w?.levels) {
        for (const k of Object.keys(w.levels))
          if (!order.includes(k))
            issue(["winModel", "fields", field, "levels", k], "model.knockoutNotLevel", {
              level: k,
              field,
              levels: order,
            });
        if (m.learning?.ordered.includes(field as FieldKey)) {
          const known = order.filter((k) => w.levels![k] !== undefined);
          for (let i = 1; i < known.length; i++)
            if (w.levels[known[i]] > w.levels[known[i - 1]] + 1e-12)
              issue(["winModel", "fields", field, "levels", known[i]], "model.levelOrder", {
                better: known[i - 1],
              });
        }
      }
      if (w?.bands) {
        const { edges, points } = w.bands;
        if (points.length !== edges.length + 1)
          issue(["winModel", "fields", field, "bands", "points"], "model.bandCount", {
            bands: edges.length + 1,
          });
        for (let i = 1; i < edges.length; i++)
          if (!(edges[i] > edges[i - 1]))
            issue(["winModel", "fields", field, "bands", "edges", i], "model.curveOrder", {});
      }
      // Levels for a level field, bands for a number; names, ids and dates are never learned from.
      const kind = fieldSpec(field as FieldKey).kind;
      const shape = order.length > 0 ? "levels" : kind === "text" || kind === "date" ? null : "bands";
      if (
        (w?.levels === undefined) === (w?.bands === undefined) ||
        shape === null ||
        w?.[shape] === undefined
      )
        issue(["winModel", "fields", field], "model.winFieldShape", {});
    }
    for (const [field, values] of Object.entries(m.counterfactual.changeable)) {
      const order = levelsOf(field as FieldKey);
      (values ?? []).forEach((value, i) => {
        if (order.length > 0 ? !order.includes(String(value)) : typeof value !== "number") {
          issue(["counterfactual", "changeable", field, i], "model.changeableValue", { levels: order });
        }
      });
    }
  });

export type ScoringModel = z.infer<typeof modelSchema>;

/** Words compared as the readers compare them: lower case, no spaces or punctuation ("Can Buy" = "can-buy"). */
export function compactWord(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

type Issue = <C extends ProblemCode>(path: (string | number)[], code: C, params: ProblemParams[C]) => void;

/** A vocabulary names levels that exist, places words inside their field's range, and gives no word two meanings. */
function checkVocabulary(v: Vocabulary, issue: Issue): void {
  for (const [field, byLevel] of Object.entries(v.levels)) {
    const order = levelsOf(field as FieldKey);
    const meaning = new Map<string, string>();
    for (const lv of order) meaning.set(compactWord(lv), lv);
    for (const l of fieldSpec(field as FieldKey).levels ?? []) meaning.set(compactWord(l.label), l.key);
    for (const [lv, words] of Object.entries(byLevel ?? {})) {
      if (!order.includes(lv)) {
        issue(["vocabulary", "levels", field, lv], "model.knockoutNotLevel", {
          level: lv,
          field,
          levels: order,
        });
        continue;
      }
      words.forEach((word, i) => {
        const key = compactWord(word);
        const other = meaning.get(key);
        if (other !== undefined && other !== lv)
          issue(["vocabulary", "levels", field, lv, i], "model.wordTwoLevels", { word, levels: [other, lv] });
        else meaning.set(key, lv);
      });
    }
  }
  for (const [field, words] of Object.entries(v.words)) {
    const spec = fieldSpec(field as FieldKey);
    const [min, max] = field === "margin" ? [-1, 1] : WORD_RANGE[spec.kind];
    for (const [word, n] of Object.entries(words ?? {})) {
      if (!(n >= min && n <= max))
        issue(["vocabulary", "words", field, word], "model.wordRange", { min, max });
    }
  }
}
