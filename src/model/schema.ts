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
