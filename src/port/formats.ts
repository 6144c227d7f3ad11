// The look of the output columns, shared by both adapters and the workbench grid: Excel's own
// "good / neutral / bad" cell colours for verdicts, and a green-to-red scale on Risk (0 = no risk, 100 = all risk).
import type { OutputColumn, Verdict } from "../model";

export const VERDICT_COLOURS: Record<Verdict, { fill: string; font: string }> = {
  Qualified: { fill: "#C6EFCE", font: "#006100" },
  Conditional: { fill: "#FFEB9C", font: "#9C5700" },
  "Needs information": { fill: "#EDEDED", font: "#404040" }, // neutral grey: not a judgement on the deal
  "Not qualified": { fill: "#FFC7CE", font: "#9C0006" },
};

const RISK_SCALE = {
  low: { at: 0, colour: "#63BE7B" },
  mid: { at: 50, colour: "#FFEB84" },
  high: { at: 100, colour: "#F8696B" },
} as const;

/** A conditional format of one output column, as plain data any writer applies (Office.js, the xlsx file). */
export type OutputFormat =
  | { column: number; equals: string; fill: string; font: string }
  | { column: number; scale: readonly [ScaleStop, ScaleStop, ScaleStop] };

interface ScaleStop {
  at: number;
  colour: string;
}

/**
 * The output columns' conditional formats: each verdict's colours on Verdict, the risk scale on Risk. `column` is
 * the index into `headers` (the output headers in the order they are written).
 */
export function outputFormats(headers: readonly string[]): OutputFormat[] {
  const formats: OutputFormat[] = [];
  const verdict = headers.indexOf("Verdict");
  if (verdict >= 0) {
    for (const [equals, { fill, font }] of Object.entries(VERDICT_COLOURS))
      formats.push({ column: verdict, equals, fill, font });
  }
  const risk = headers.indexOf("Risk");
  if (risk >= 0) formats.push({ column: risk, scale: [RISK_SCALE.low, RISK_SCALE.mid, RISK_SCALE.high] });
  return formats;
}

/** Column widths (points) for columns the add-in adds; Rationale is long text. */
export function columnWidthFor(header: OutputColumn): number {
  return header === "Rationale"
    ? 420
    : header === "Next step"
      ? 300
      : header === "Verdict"
        ? 110
        : header === "Expected value"
          ? 90
          : 60;
}

/**
 * The number format of an output column's values, or null for the General format: the win probability (a
 * fraction) as a whole percentage, the expected value as a number with thousands separators (in the deal's own
 * currency, which its Deal Value names: no symbol, since rows may differ).
 */
export function numberFormatFor(header: OutputColumn): string | null {
  return header === "Win %" ? "0%" : header === "Expected value" ? "#,##0" : null;
}

/** The number formats of the output columns written in this order (`column`: index into `headers`). */
export function outputNumberFormats(headers: readonly string[]): { column: number; code: string }[] {
  return headers.flatMap((h, column) => {
    const code = numberFormatFor(h as OutputColumn);
    return code === null ? [] : [{ column, code }];
  });
}

/** The risk scale's colour at `risk`, for views that paint cells themselves (the workbench grid). */
export function riskColour(risk: number): string {
  const { low, mid, high } = RISK_SCALE;
  const x = Math.max(low.at, Math.min(high.at, risk));
  const [a, b, t] =
    x <= mid.at
      ? [low.colour, mid.colour, x / mid.at]
      : [mid.colour, high.colour, (x - mid.at) / (high.at - mid.at)];
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const mix = [0, 1, 2].map((i) => Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t));
  return (
    "#" +
    mix
      .map((v) => v.toString(16).padStart(2, "0"))
      .join("")
      .toUpperCase()
  );
}
