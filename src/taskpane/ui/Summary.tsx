// What a run found (counts and pipeline value per verdict, a chart, and the opportunities that did not
// qualify with what would change that), and the preview of the first rows before any run.
import { Button, Caption1, Link, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { PreviewRow, ResultState } from "../logic/controller";
import { count } from "./format";
import { VerdictBadge } from "./VerdictBadge";
import { VerdictChart } from "./VerdictChart";
import { ATTRACTIVENESS_LEGEND, EXPECTED_VALUE_LEGEND } from "./labels";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  // Long opportunity names wrap instead of widening the pane.
  cell: { overflowWrap: "anywhere" },
  num: { textAlign: "right", paddingLeft: "8px", fontVariantNumeric: "tabular-nums" },
  head: {
    textAlign: "left",
    color: tokens.colorNeutralForeground3,
    fontWeight: "normal",
    overflowWrap: "normal", // headers stay whole words; the names under them wrap instead
  },
  list: { listStyle: "none", padding: 0, margin: 0 },
  item: {
    padding: "6px 0",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
  },
  line: { display: "flex", gap: "6px", alignItems: "baseline", minWidth: 0 },
  name: { textAlign: "start", overflowWrap: "anywhere", minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground2, marginTop: "2px", overflowWrap: "anywhere" },
  score: { fontWeight: tokens.fontWeightSemibold, whiteSpace: "nowrap" },
  legend: { color: tokens.colorNeutralForeground3, margin: "4px 0" },
  chart: { display: "block", margin: "8px 0" },
  heading: { margin: "8px 0 0 0" },
});

export function Preview({ rows }: { rows: PreviewRow[] }) {
  const styles = useStyles();
  if (rows.length === 0) return null;
  return (
    <>
      <table className={styles.table} aria-label="Preview">
        <thead>
          <tr>
            <th className={styles.head}>Opportunity</th>
            <th className={styles.head}>Verdict</th>
            <th className={`${styles.head} ${styles.num}`}>Attractiveness</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.row}>
              <td className={styles.cell}>{p.label}</td>
              <td>
                <VerdictBadge verdict={p.verdict} />
              </td>
              <td className={styles.num}>{p.score === null ? "" : `${p.score} · ${p.grade}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Caption1 block className={styles.legend}>
        {ATTRACTIVENESS_LEGEND}
      </Caption1>
    </>
  );
}

export interface SummaryProps {
  result: ResultState;
  /** Go to the opportunity's data row (0-based) in the sheet. */
  onSelectOpportunity: (row: number) => void;
  onShowMore: () => void;
  /** The list's heading, under the pane's own. */
  headingLevel?: "h2" | "h3";
}

export function SummaryView({
  result: r,
  onSelectOpportunity,
  onShowMore,
  headingLevel = "h2",
}: SummaryProps) {
  const styles = useStyles();
  const { summary } = r;
  // With a learned win model: the expected value per verdict (learned win % × deal value − bid cost).
  const learned = summary.expectedText !== null;
  return (
    <section aria-label="Summary">
      <table className={styles.table} aria-label="Verdict totals">
        <thead>
          <tr>
            <th className={styles.head}>Verdict</th>
            <th className={`${styles.head} ${styles.num}`}>Count</th>
            <th className={`${styles.head} ${styles.num}`}>Pipeline value</th>
            {learned && <th className={`${styles.head} ${styles.num}`}>Expected value</th>}
          </tr>
        </thead>
        <tbody>
          {summary.totals.map((t) => (
            <tr key={t.verdict}>
              <td>
                <VerdictBadge verdict={t.verdict} />
              </td>
              <td className={styles.num}>{count(t.count)}</td>
              <td className={styles.num}>{t.valueText}</td>
              {learned && <td className={styles.num}>{t.expectedText}</td>}
            </tr>
          ))}
          <tr>
            <td>All</td>
            <td className={styles.num}>{count(summary.assessed)}</td>
            <td className={styles.num}>{summary.valueText}</td>
            {learned && <td className={styles.num}>{summary.expectedText}</td>}
          </tr>
        </tbody>
      </table>
      <div className={styles.chart}>
        <VerdictChart totals={summary.totals} />
      </div>
      {learned && (
        <Caption1 block className={styles.legend}>
          {EXPECTED_VALUE_LEGEND}
        </Caption1>
      )}
      <Caption1 block className={styles.legend}>
        {ATTRACTIVENESS_LEGEND}
      </Caption1>
      {summary.attention.length > 0 && (
        <>
          <Subtitle2 as={headingLevel} block className={styles.heading}>
            Not yet qualified: what to do next
          </Subtitle2>
          <Caption1 block>Select one to go to its row.</Caption1>
          <ul className={styles.list} aria-label="Opportunities to look at">
            {r.attention.map((a) => (
              <li key={a.row} className={styles.item}>
                <div className={styles.line}>
                  <VerdictBadge verdict={a.verdict} />
                  <Link as="button" className={styles.name} onClick={() => onSelectOpportunity(a.row)}>
                    {a.label}
                  </Link>
                </div>
                <div className={styles.hint}>
                  <span className={styles.score}>Attractiveness {a.score}</span>
                  {a.win !== null && (
                    <span className={styles.score}> · Win {Math.round(a.win * 100)} %</span>
                  )}{" "}
                  · {a.nextStep ?? a.rationale}
                </div>
              </li>
            ))}
          </ul>
          {r.attention.length < summary.attention.length && (
            <Button size="small" appearance="subtle" onClick={onShowMore}>
              Show more ({count(summary.attention.length - r.attention.length)} left)
            </Button>
          )}
        </>
      )}
    </section>
  );
}
