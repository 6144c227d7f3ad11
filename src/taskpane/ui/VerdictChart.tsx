// A small bar chart of the pipeline per verdict: bar length is the deal value, the label gives count and value.
import type { VerdictTotal } from "../logic/table-run";
import { VERDICT_COLOURS } from "../../port/formats";
import { count, money } from "./format";

const W = 300;
const BAR = 22;
const GAP = 8;
const LABEL = 92;

export function VerdictChart({ totals }: { totals: VerdictTotal[] }) {
  const max = Math.max(1, ...totals.map((t) => t.value));
  const h = totals.length * (BAR + GAP);
  return (
    <svg
      role="img"
      aria-label={`Pipeline value by verdict: ${totals.map((t) => `${t.verdict} ${money(t.value)}`).join(", ")}`}
      viewBox={`0 0 ${W} ${h}`}
      width="100%"
      style={{ maxWidth: W }}
    >
      {totals.map((t, i) => {
        const y = i * (BAR + GAP);
        const len = ((W - LABEL - 70) * t.value) / max;
        const c = VERDICT_COLOURS[t.verdict];
        return (
          <g key={t.verdict}>
            <text x={0} y={y + BAR * 0.7} fontSize="12" fill="#242424">
              {t.verdict}
            </text>
            <rect
              x={LABEL}
              y={y}
              width={Math.max(len, t.count > 0 ? 2 : 0)}
              height={BAR}
              fill={c.fill}
              stroke={c.font}
              strokeWidth={0.5}
            />
            <text x={LABEL + len + 4} y={y + BAR * 0.7} fontSize="12" fill={c.font}>
              {count(t.count)} · {money(t.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
