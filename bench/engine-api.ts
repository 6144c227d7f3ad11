// The benchmarks' one door into the scoring engine (src/model). Every engine call a benchmark makes is in this
// file, named by what the benchmark needs rather than by the engine's function names, so when the engine's API
// changes only this file changes. Three parts:
//   loadEngine  — the engine as the shells ship it (an esbuild bundle of src/model, rebuilt on every run), for
//                 timing. Not through the TypeScript loader, which wraps every module and routes each
//                 cross-module call through a getter, and alone makes the engine about a third slower.
//   scorecard   — the default model's weights, value maps, risk shares and thresholds as plain numbers, and each
//                 row's inputs parsed onto them, for the HyperFormula sheet that computes the same scorecard.
//   shell       — what benchmarks of the shells (task pane, workbench) hand those shells: the model and today.
import * as source from "../src/model";
import { SCORED_FIELDS } from "../src/model/schema";
import { bundle } from "./bundle";

export type Cell = source.Cell;
export interface Table {
  headers: Cell[];
  rows: Cell[][];
}

/** The engine's operations the benchmarks time, bound to the default model and one "today". */
export interface BenchEngine {
  /** Score-only over a whole table, results as columns: the shells' fast path (formulas' spills, the CLI). */
  scoreColumns(table: Table): unknown;
  /** Score-only over a whole table, then one result object per row. */
  scoreObjects(table: Table): unknown;
  /** Score-only one row at a time, each a table of one: the single-row path. */
  scoreRowByRow(table: Table): unknown;
  /** Every row explained: drivers (as numbers) and the rationale, as columns: what the shells write. */
  explain(table: Table): unknown;
  /** Every row's whole assessment as an object, every driver with its reason (JSON Lines, cards). */
  assessments(table: Table): unknown;
  /** Explained, with the counterfactual search for every row that is not Qualified. */
  withCounterfactual(table: Table): unknown;
  /**
   * The lookup floor: a pass that visits every cell of the scored fields once, in blocks of rows as the engine
   * reads them, and looks each text up once in a map of its column's texts (made beforehand, outside the pass),
   * and does nothing else. No engine that looks each text cell up once can be faster: it bounds score-only.
   */
  lookupFloor(table: Table): () => number;
  /** How many filled cells of the scored fields the engine recognised, of how many. */
  recognised(table: Table): { recognised: number; filled: number };
}

type Engine = typeof source;
let bundled: Engine | undefined;

export function loadEngine(asOf: number): BenchEngine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const e = (bundled ??= require(bundle("src/model/index.ts", "engine-bench")) as Engine);
  const model = e.defaultModel;
  return {
    scoreColumns: (t) => e.qualifyTable(t, { model, asOf }).results,
    scoreObjects: (t) => {
      const { results } = e.qualifyTable(t, { model, asOf });
      return Array.from({ length: results.length }, (_, i) => e.scoresAt(results, i));
    },
    scoreRowByRow: (t) => {
      let sum = 0;
      for (const row of t.rows) {
        const { results } = e.qualifyTable({ headers: t.headers, rows: [row] }, { model, asOf });
        if (results.verdict[0] !== null) sum += results.score[0];
      }
      return sum;
    },
    explain: (t) => e.qualifyTable(t, { model, asOf, detail: "rationale" }).results,
    assessments: (t) => e.qualifyTable(t, { model, asOf, detail: "assessments" }).results,
    withCounterfactual: (t) =>
      e.qualifyTable(t, { model, asOf, detail: "rationale", counterfactual: true }).results,
    lookupFloor: (t) => {
      const mapping = source.matchHeaders(t.headers);
      const columns = source.FIELDS.filter(
        (f) => f.kind !== "text" && mapping.columns[f.key] !== undefined,
      ).map((f) => mapping.columns[f.key]!);
      // As the engine's memo, a map holds a column's first 4,096 distinct texts; the rest are looked up and missed.
      const maps = columns.map((c) => {
        const m = new Map<Cell, number>();
        for (const r of t.rows)
          if (typeof r[c] === "string" && m.size < 4096 && !m.has(r[c])) m.set(r[c], m.size);
        return m;
      });
      const BLOCK = 256;
      return () => {
        let sum = 0;
        for (let from = 0; from < t.rows.length; from += BLOCK) {
          const to = Math.min(t.rows.length, from + BLOCK);
          for (let k = 0; k < columns.length; k++) {
            const c = columns[k];
            const m = maps[k];
            for (let i = from; i < to; i++) {
              const cell = t.rows[i][c];
              if (typeof cell === "number") sum += cell;
              else sum += m.get(cell) ?? -1;
            }
          }
        }
        return sum;
      };
    },
    recognised: (t) => {
      const mapping = source.matchHeaders(t.headers);
      const scored = source.FIELDS.filter((f) => f.kind !== "text" && mapping.columns[f.key] !== undefined);
      let recognised = 0;
      let filled = 0;
      for (const r of t.rows) {
        for (const f of scored) {
          const status = source.parseCell(f.key, r[mapping.columns[f.key]!]).status;
          if (status !== "missing") filled++;
          if (status === "ok") recognised++;
        }
      }
      return { recognised, filled };
    },
  };
}

/** One factor of the scorecard: its goodness from a value map, and its share of the score and of the risk. */
export type Factor = {
  missing: number; // goodness when the value is missing or unrecognised
  points: number; // score = 50 + Σ points × (goodness − 0.5)
  risk: number; // risk = 100 × Σ risk × (1 − goodness)
} & ({ curve: [number, number][] } | { levels: number[] }); // levels: goodness of level 1, 2, … in order

export interface Scorecard {
  factors: Factor[]; // curves first, then levels
  thresholds: Record<"qualified" | "conditional", { minScore: number; maxRisk: number }>;
  /** Each row's input per factor: the number on a curve, the level's 1-based position; null when not ok. */
  inputs(table: Table): (number | null)[][];
}

/**
 * The default model as a weighted-sum scorecard a spreadsheet can hold: the scored fields with a value curve
 * (but the response date, which needs today) or a level map (but the RFP flag, which feeds effort), with the
 * model's weights and risk shares. Parsing is the engine's (source) parser, untimed.
 */
export function scorecard(): Scorecard {
  const m = source.defaultModel;
  const values = m.values as Record<string, { curve?: [number, number][]; levels?: Record<string, number> }>;
  const curveFields = SCORED_FIELDS.filter((f) => values[f].curve && f !== "responseDue");
  const levelFields = SCORED_FIELDS.filter((f) => values[f].levels && f !== "rfp");
  const fields = [...curveFields, ...levelFields];
  const weights = m.weights as Record<string, number>;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const riskShare: Record<string, number> = {};
  for (const c of Object.values(m.risk)) {
    const sum = Object.values(c.factors).reduce((a, b) => a + (b ?? 0), 0);
    for (const [f, w] of Object.entries(c.factors))
      riskShare[f] = (riskShare[f] ?? 0) + (c.weight / 100) * ((w ?? 0) / sum);
  }
  const factors = fields.map((f): Factor => {
    const common = {
      missing: m.values[f].missing,
      points: (100 * weights[f]) / total,
      risk: riskShare[f] ?? 0,
    };
    const v = values[f];
    return v.curve ? { ...common, curve: v.curve } : { ...common, levels: Object.values(v.levels!) };
  });
  const inputs = (table: Table) => {
    const mapping = source.matchHeaders(table.headers);
    return table.rows.map((row) =>
      fields.map((f) => {
        const v = source.parseCell(f, row[mapping.columns[f]!]);
        if (v.status !== "ok") return null;
        return typeof v.value === "number"
          ? v.value
          : Object.keys(values[f].levels!).indexOf(String(v.value)) + 1;
      }),
    );
  };
  return { factors, thresholds: m.thresholds, inputs };
}

/** What benchmarks of the shells hand them: the shells run the engine from source, as they import it. */
export const shell = {
  model: source.defaultModel,
  today: (): number => source.todaySerial(new Date()),
  outputHeaders: source.OUTPUT_COLUMNS,
};
