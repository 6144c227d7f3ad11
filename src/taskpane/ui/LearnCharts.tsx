// The learning evidence's two pictures, drawn as small SVGs like the verdict chart (no chart library: two line
// plots on a unit square need none): the ROC curve of the learned win probability beside the current score's,
// and the calibration chart (predicted against observed win rate per tenth of the deals) against the diagonal.
// Colours are Fluent tokens (set as styles: SVG presentation attributes cannot take CSS variables).
import { tokens } from "@fluentui/react-components";
import type { CalibrationBin } from "../../model/calibration";
import type { ReactNode } from "react";

const W = 280;
const H = 230;
const M = { left: 34, right: 16, top: 8, bottom: 56 }; // right: room for the last tick's "100%" // room for the axis titles and the legend below
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const x = (v: number) => M.left + v * PW;
const y = (v: number) => M.top + (1 - v) * PH;
const path = (points: readonly (readonly [number, number])[]) =>
  points.map(([a, b], i) => `${i === 0 ? "M" : "L"}${x(a).toFixed(1)},${y(b).toFixed(1)}`).join("");

const LEARNED = tokens.colorBrandForeground1;
const CURRENT = tokens.colorNeutralForeground3;
const text = { fill: tokens.colorNeutralForeground1 };

/** The unit square's frame, ticks at 0, 50 and 100 %, the dashed diagonal and the axis titles. */
function Frame({ xTitle, yTitle, diagonal }: { xTitle: string; yTitle: string; diagonal: string }) {
  return (
    <g>
      <rect
        x={M.left}
        y={M.top}
        width={PW}
        height={PH}
        style={{ fill: "none", stroke: tokens.colorNeutralStroke1 }}
      />
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <text x={x(t)} y={M.top + PH + 12} fontSize="10" textAnchor="middle" style={text}>
            {Math.round(t * 100)}%
          </text>
          <text x={M.left - 3} y={y(t) + 3} fontSize="10" textAnchor="end" style={text}>
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      <line
        x1={x(0)}
        y1={y(0)}
        x2={x(1)}
        y2={y(1)}
        strokeDasharray="4 3"
        style={{ stroke: tokens.colorNeutralStroke1 }}
      >
        <title>{diagonal}</title>
      </line>
      <text x={M.left + PW / 2} y={M.top + PH + 25} fontSize="10" textAnchor="middle" style={text}>
        {xTitle}
      </text>
      <text
        x={10}
        y={M.top + PH / 2}
        fontSize="10"
        textAnchor="middle"
        transform={`rotate(-90 10 ${M.top + PH / 2})`}
        style={text}
      >
        {yTitle}
      </text>
    </g>
  );
}

/** One legend entry a line under the plot: a 320 px pane has no room for two side by side. */
function Legend({ items }: { items: { label: string; colour: string; dashed?: boolean }[] }) {
  return (
    <g>
      {items.map((it, i) => {
        const yy = H - 18 + i * 13;
        return (
          <g key={it.label}>
            <line
              x1={M.left}
              y1={yy - 3}
              x2={M.left + 16}
              y2={yy - 3}
              strokeWidth={2}
              strokeDasharray={it.dashed ? "4 3" : undefined}
              style={{ stroke: it.colour }}
            />
            <text x={M.left + 20} y={yy} fontSize="10" style={text}>
              {it.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** A chart's frame: one image, described in words for screen readers, as wide as the pane up to its own size. */
function Chart({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid={testId}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: W, display: "block" }}
    >
      {children}
    </svg>
  );
}

/** ROC curves: the share of won deals ranked above a threshold against the share of lost ones. */
export function RocChart({
  learned,
  current,
  auc,
  currentAuc,
}: {
  learned: readonly [number, number][];
  current: readonly [number, number][];
  auc: number;
  currentAuc: number | null;
}) {
  const label =
    `ROC curve: learned win probability AUC ${auc.toFixed(2)}` +
    (currentAuc === null ? "" : `, current score AUC ${currentAuc.toFixed(2)}`) +
    "; the diagonal is chance";
  return (
    <Chart label={label} testId="roc-chart">
      <Frame xTitle="Lost deals above the threshold" yTitle="Won deals above" diagonal="Chance" />
      {current.length > 1 && (
        <path d={path(current)} strokeWidth={1.5} style={{ fill: "none", stroke: CURRENT }} />
      )}
      <path d={path(learned)} strokeWidth={2} style={{ fill: "none", stroke: LEARNED }} />
      <Legend
        items={[
          { label: `Learned (AUC ${auc.toFixed(2)})`, colour: LEARNED },
          ...(currentAuc === null
            ? []
            : [{ label: `Current score (${currentAuc.toFixed(2)})`, colour: CURRENT }]),
        ]}
      />
    </Chart>
  );
}

/** Calibration: each tenth of the deals by predicted win probability, at its mean prediction and its win rate. */
export function CalibrationChart({ bins }: { bins: readonly CalibrationBin[] }) {
  const points = bins.map((b): [number, number] => [b.predicted, b.observed]);
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const label =
    "Calibration: predicted against observed win rate per tenth of the deals: " +
    bins.map((b) => `${pct(b.predicted)} predicted, ${pct(b.observed)} won`).join("; ");
  return (
    <Chart label={label} testId="calibration-chart">
      <Frame xTitle="Predicted win probability" yTitle="Deals won" diagonal="Perfect calibration" />
      <path d={path(points)} strokeWidth={1.5} style={{ fill: "none", stroke: LEARNED }} />
      {bins.map((b, i) => (
        <circle
          key={i}
          cx={x(b.predicted)}
          cy={y(b.observed)}
          r={3}
          style={{ fill: LEARNED, stroke: tokens.colorNeutralBackground1 }}
        >
          <title>{`${b.rows} deals: ${pct(b.predicted)} predicted, ${pct(b.observed)} won`}</title>
        </circle>
      ))}
      <Legend
        items={[
          { label: "Learned, per tenth of the deals", colour: LEARNED },
          { label: "Perfect", colour: tokens.colorNeutralStroke1, dashed: true },
        ]}
      />
    </Chart>
  );
}
