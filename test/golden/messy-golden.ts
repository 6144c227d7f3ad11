// A second golden set, wider than the example pipeline: 100 seeded rows of what analysts really type (words,
// units, dates as text and serials, errors, blanks, odd values) over shuffled and missing columns, qualified
// under the default model and two other models on two days. Stored in test/golden/messy.jsonl.
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultModel, FIELDS, loadModel, qualifyTable, type Cell, type FieldKey } from "../../src/model";
import { GOLDEN_AS_OF } from "./pipeline-golden";

export const MESSY_FILE = path.join(__dirname, "messy.jsonl");

/** What analysts type, per field. */
export const WORDS: Partial<Record<FieldKey, Cell[]>> = {
  id: ["OPP-7", "X-1", null],
  name: ["Core upgrade", "SD-WAN refresh", "  "],
  customer: ["Acme", "Nordlicht AG", null],
  dealValue: ["$1.2M", "€950k", "1,200,000", "1.2 m", "TBD", "lots", 250000, 4_800_000, 60000, "EUR 2.5bn"],
  margin: ["25%", "0.3", "-5%", "12 percent", "n/a", 0.18, 42, 0.05],
  customerImportance: ["Strategic", "Key", "Standard", "New", "Tier 1", 3, 5],
  strategicImportance: ["High", "Low", "Critical", "3/5", 2, 4],
  widerApplication: ["Low", "Medium", "High", 1, 5],
  customization: ["Standard", "Configured", "Partially bespoke", "Wholly bespoke", "custom-ish", "custom"],
  solutionAvailability: ["Available", "Capacity constrained", "On roadmap", "Not available", "soon", "GA"],
  roadmapDate: ["Q3 2027", "2027-03-31", "Mar 2027", "someday", GOLDEN_AS_OF + 45, GOLDEN_AS_OF + 400],
  developmentSize: ["40 pd", "3 weeks", "2 person months", "1 year", 0, 120, 900],
  resources: ["High", "Medium", "Low", "70%", 0.3, 1],
  financing: ["Secured", "Partial", "Unsecured", "maybe", "approved", "pending"],
  commitment: ["36m", "3 years", "18 months", 12, 60, 0],
  requirementsClarity: ["High", "Medium", "Low", "40%", "vague", 0.95],
  competition: ["None", "Low", "Medium", "High", "3 competitors", 0, 7],
  rfp: ["Yes", "No", "Y", "N", "TRUE", "tender", "perhaps", true, 0],
  rfpQuestions: ["120 questions", "many", 40, 400, 0],
  interactions: ["4 workshops", "intense", 2, 12],
  alternatives: ["2", "none", 0, 3],
  responseDue: ["2026-12-15", "15 Jan 2027", "Q1 2027", "yesterday", GOLDEN_AS_OF - 3, GOLDEN_AS_OF + 9],
};
const ODD: Cell[] = [null, "", "   ", "-", "?", "#N/A", true, { error: "#REF!" }, Infinity, -1];

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** 100 rows over every field, columns shuffled, a few fields left out, a column the engine does not know. */
export function messyTable(): { headers: Cell[]; rows: Cell[][] } {
  const r = seeded(20261128);
  const fields = FIELDS.map((f) => f.key).filter((_, i) => i % 7 !== 5); // leaves out two fields
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  const headers: Cell[] = [...fields.map((k) => FIELDS.find((f) => f.key === k)!.header), "Notes"];
  const rows: Cell[][] = [];
  for (let i = 0; i < 100; i++) {
    const row = fields.map((k) => {
      const x = r();
      if (x < 0.08) return ODD[Math.floor(r() * ODD.length)];
      const pool = WORDS[k]!;
      return pool[Math.floor(r() * pool.length)];
    });
    rows.push([...row, i % 5 === 0 ? "call back" : null]);
  }
  rows[17] = headers.map(() => null); // an empty row
  return { headers, rows };
}

/** The models the messy rows are qualified under. */
export function messyModels() {
  return [
    { name: "default", model: defaultModel },
    {
      name: "strict",
      model: loadModel(
        {
          weights: { financing: 14, dealValue: 4, bidEffort: 9 },
          thresholds: {
            qualified: { minScore: 66, maxRisk: 35, maxComponentRisk: 55 },
            conditional: { minScore: 50, maxRisk: 55, maxComponentRisk: 80 },
          },
          effort: { dayRate: 1500, defaults: { rfp: true, customization: "partiallyBespoke" } },
          knockouts: {
            noFunds: { enabled: true, field: "financing", levels: ["unsecured"], reason: "no budget" },
            tooBig: { enabled: true, field: "developmentSize", above: 600, reason: "too big to build" },
          },
          counterfactual: { maxChanges: 3 },
        },
        defaultModel,
      ),
    },
  ];
}

export function currentMessy(): string[] {
  const table = messyTable();
  const lines: string[] = [];
  for (const { name, model } of messyModels()) {
    for (const asOf of [GOLDEN_AS_OF, GOLDEN_AS_OF + 120]) {
      const options = { model, asOf, detail: "assessments", counterfactual: true } as const;
      qualifyTable(table, options).results.assessments!.forEach((a, i) => {
        lines.push(
          JSON.stringify(
            a === null
              ? { model: name, asOf, row: i, empty: true }
              : {
                  model: name,
                  asOf,
                  row: i,
                  verdict: a.verdict,
                  score: a.score,
                  grade: a.grade,
                  risk: [a.risk.total, ...Object.values(a.risk.components)],
                  effort: [
                    a.effort.total,
                    ...Object.values(a.effort.parts),
                    a.effort.bidCost,
                    a.effort.bidCostPct,
                  ],
                  points: a.drivers.map((d) => d.points),
                  confidence: a.confidence,
                  rationale: a.rationale,
                  nextStep: a.nextStep,
                  counterfactual: a.counterfactual,
                },
          ),
        );
      });
    }
  }
  return lines;
}

export function storedMessy(): string[] {
  return readFileSync(MESSY_FILE, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}
