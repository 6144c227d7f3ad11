// The baseline for the engine bench: the scorecard as a hand-made bid/no-bid sheet would hold it, for
// HyperFormula to compute. The parsed inputs (parsed by the engine, untimed: HyperFormula is given numbers, not
// the texts the engine reads), one goodness column per factor (approximate-match VLOOKUP into the value maps,
// CHOOSE for levels), then score, risk and verdict formulas.
import { HyperFormula } from "hyperformula";
import type { Scorecard, Table } from "./engine-api";

const letters = (n: number): string =>
  n < 26
    ? String.fromCharCode(65 + n)
    : String.fromCharCode(64 + Math.floor(n / 26)) + String.fromCharCode(65 + (n % 26));

export type Sheets = Record<string, (number | string | null)[][]>;

export function hyperFormulaSheets(card: Scorecard, table: Table): Sheets {
  const { factors, thresholds } = card;
  const n = factors.length;
  const lookup: number[][] = [];
  factors.forEach((f, k) => {
    if (!("curve" in f)) return;
    f.curve.forEach(([x, g], i) => {
      (lookup[i] ??= [])[2 * k] = x;
      lookup[i][2 * k + 1] = g;
    });
  });
  const pipeline = card.inputs(table).map((inputs, r) => {
    const at = r + 1;
    const goodness = factors.map((f, k) => {
      const cell = `${letters(k)}${at}`;
      // TRUE(), not TRUE: HyperFormula reads a bare TRUE as a named expression, and the lookup as #NAME?.
      if ("curve" in f) {
        const range = `Lookup!$${letters(2 * k)}$1:$${letters(2 * k + 1)}$${f.curve.length}`;
        return `=IFERROR(VLOOKUP(${cell},${range},2,TRUE()),${f.missing})`;
      }
      return `=IFERROR(CHOOSE(${cell},${f.levels.join(",")}),${f.missing})`;
    });
    const g = (k: number) => `${letters(n + k)}${at}`;
    const score = `=50+${factors.map((f, k) => `${f.points.toFixed(4)}*(${g(k)}-0.5)`).join("+")}`;
    const risk = `=100*(${factors
      .map((f, k) => (f.risk ? `${f.risk.toFixed(4)}*(1-${g(k)})` : ""))
      .filter(Boolean)
      .join("+")})`;
    const s = `${letters(2 * n)}${at}`;
    const k = `${letters(2 * n + 1)}${at}`;
    const { qualified: q, conditional: c } = thresholds;
    const verdict = `=IF(AND(${s}>=${q.minScore},${k}<=${q.maxRisk}),"Qualified",IF(AND(${s}>=${c.minScore},${k}<=${c.maxRisk}),"Conditional","Not qualified"))`;
    return [...inputs, ...goodness, score, risk, verdict];
  });
  return { Pipeline: pipeline, Lookup: lookup };
}

/** HyperFormula builds the workbook and computes every formula once; the timed unit for the baseline. */
export function computeSheets(sheets: Sheets): void {
  const rows = sheets.Pipeline.length;
  const hf = HyperFormula.buildFromSheets(sheets, { licenseKey: "gpl-v3", maxRows: rows + 10 });
  hf.destroy();
}
