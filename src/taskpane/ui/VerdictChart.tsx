// A small bar chart of the pipeline per verdict: bar length is the number of opportunities (deal values in
// several currencies cannot be drawn on one axis without rates; the table above words them per currency).
// Colours are Fluent tokens (set as styles: SVG presentation attributes cannot take CSS variables).
import { tokens } from "@fluentui/react-components";
import type { VerdictTotal } from "../logic/table-run";
import { count } from "./format";
import { VERDICT_TOKENS } from "./verdict-colours";

const W = 300;
const BAR = 22;
const GAP = 8;
const LABEL = 118; // "Needs information" fits

export function VerdictChart({ totals }: { totals: VerdictTotal[] }) {
  const max = Math.max(1, ...totals.map((t) => t.count));
  const h = totals.length * (BAR + GAP);
  return (
    <svg
      role="img"
      aria-label={`Opportunities by verdict: ${totals.map((t) => `${t.verdict} ${count(t.count)}`).join(", ")}`}
      viewBox={`0 0 ${W} ${h}`}
      width="100%"
      style={{ maxWidth: W, display: "block" }}
    >
      {totals.map((t, i) => {
        const y = i * (BAR + GAP);
        const len = ((W - LABEL - 40) * t.count) / max;
        const c = VERDICT_TOKENS[t.verdict];
        return (
          <g key={t.verdict}>
            <text x={0} y={y + BAR * 0.7} fontSize="12" style={{ fill: tokens.colorNeutralForeground1 }}>
              {t.verdict}
            </text>
            <rect
              x={LABEL}
              y={y}
              width={Math.max(len, t.count > 0 ? 2 : 0)}
              height={BAR}
              strokeWidth={1}
              style={{ fill: c.fill, stroke: c.font }}
            />
            <text
              x={LABEL + len + 4}
              y={y + BAR * 0.7}
              fontSize="12"
              style={{ fill: tokens.colorNeutralForeground1 }}
            >
              {count(t.count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
