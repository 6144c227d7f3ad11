// The "Learn from history" panel: pick the table of closed deals (this table's closed rows by default), learn,
// and see what was found: the outcome column and the counts, or the refusal with them; the evidence in the
// engine's own sentences, the out-of-fold figures beside the current model's, the recommendation, the ROC and
// calibration charts and the per-field table. "Use this model" stores it and qualifies again; "Keep current
// model" changes nothing. It renders the controller's learn state only (learn-panel.ts holds the logic).
import {
  Button,
  Caption1,
  Checkbox,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useState } from "react";
import type { LearnState } from "../logic/controller";
import { foundText, type LearnedView } from "../logic/learn-panel";
import type { TableChoice, TableRef } from "../../port/workbook";
import { CalibrationChart, RocChart } from "./LearnCharts";

const useStyles = makeStyles({
  row: { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: 0 },
  sentences: { margin: "4px 0", paddingLeft: "18px", fontSize: tokens.fontSizeBase200 },
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  head: { textAlign: "left", color: tokens.colorNeutralForeground3, fontWeight: "normal" },
  num: { textAlign: "right", paddingLeft: "8px", fontVariantNumeric: "tabular-nums" },
  recommendation: { fontWeight: tokens.fontWeightSemibold, margin: "6px 0" },
  chart: { margin: "8px 0" },
  muted: { color: tokens.colorNeutralForeground3 },
  section: { display: "flex", flexDirection: "column", gap: "6px", minWidth: 0 },
  details: { fontSize: tokens.fontSizeBase200 },
  summary: { cursor: "pointer" },
  fieldName: { fontWeight: tokens.fontWeightSemibold, paddingTop: "4px" },
});

export interface LearnPanelProps {
  learn: LearnState;
  /** Other tables of the workbook that could hold the history; the current table's closed rows come first. */
  alternatives: TableChoice[];
  busy: boolean;
  onLearn: (choice: TableRef | null) => void;
  onUse: (withProposedMinimum: boolean) => void;
  onKeep: () => void;
  /**
   * Where a proposed minimum win probability and how the verdicts would change go (the verdict rule's proposal,
   * wired by the model's minWinProbability setting): shown above the two buttons when given.
   */
  proposal?: ReactNode;
  /** The report's heading, under the pane's own. */
  headingLevel?: "h2" | "h3";
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

function Figures({ view }: { view: LearnedView }) {
  const styles = useStyles();
  const { learned, current } = view.figures;
  return (
    <table className={styles.table} aria-label="Out-of-fold figures">
      <thead>
        <tr>
          <th className={styles.head}>Out of fold ({view.folds} folds)</th>
          <th className={`${styles.head} ${styles.num}`}>AUC</th>
          <th className={`${styles.head} ${styles.num}`}>Brier</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>Learned win probability</td>
          <td className={styles.num}>{learned.auc.toFixed(2)}</td>
          <td className={styles.num}>{learned.brier.toFixed(3)}</td>
        </tr>
        <tr>
          <td>Current model&apos;s score</td>
          <td className={styles.num}>{current.auc === null ? "—" : current.auc.toFixed(2)}</td>
          {/* The score is no probability: it has no Brier score. */}
          <td className={styles.num}>{current.brier === null ? "—" : current.brier.toFixed(3)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function FieldTable({ view }: { view: LearnedView }) {
  const styles = useStyles();
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>Per field: deals, win rate and learned points per level</summary>
      <table className={styles.table} aria-label="Per field">
        <thead>
          <tr>
            <th className={styles.head}>Level</th>
            <th className={`${styles.head} ${styles.num}`}>Deals</th>
            <th className={`${styles.head} ${styles.num}`}>Won</th>
            <th className={`${styles.head} ${styles.num}`}>Points</th>
          </tr>
        </thead>
        <tbody>
          {view.fields.flatMap((f) => [
            <tr key={f.field}>
              <td colSpan={4} className={styles.fieldName}>
                {f.label} (AUC {f.auc.toFixed(2)}){f.used ? "" : " — left out"}
              </td>
            </tr>,
            ...f.levels.map((l) => (
              <tr key={`${f.field}:${l.label}`}>
                <td>{l.label}</td>
                <td className={styles.num}>{l.rows.toLocaleString("en")}</td>
                <td className={styles.num}>{l.rows > 0 ? pct(l.won / l.rows) : "—"}</td>
                <td className={styles.num}>{f.used ? l.points.toFixed(2) : "—"}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </details>
  );
}

function Learned({
  view,
  used,
  busy,
  onUse,
  onKeep,
  proposal,
}: {
  view: LearnedView;
  used: boolean;
  busy: boolean;
  onUse: (withProposedMinimum: boolean) => void;
  onKeep: () => void;
  proposal?: ReactNode;
}) {
  const styles = useStyles();
  const [setMinimum, setSetMinimum] = useState(false);
  return (
    <section aria-label="What the history shows" className={styles.section} data-testid="learn-report">
      <Text>{foundText(view.found)}</Text>
      {view.warnings.map((w) => (
        <MessageBar key={w} intent="warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      <ul className={styles.sentences} aria-label="Evidence">
        {view.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <Figures view={view} />
      <Text className={styles.recommendation} data-testid="learn-recommendation">
        {view.recommendation.text}
      </Text>
      <div className={styles.chart}>
        <RocChart
          learned={view.roc.learned}
          current={view.roc.current}
          auc={view.figures.learned.auc}
          currentAuc={view.figures.current.auc}
        />
      </div>
      <div className={styles.chart}>
        <CalibrationChart bins={view.calibration} />
      </div>
      <FieldTable view={view} />
      {proposal}
      {view.proposal && view.proposal.lines.length > 0 && (
        <section aria-label="Minimum win probability" data-testid="learn-proposal">
          <ul className={styles.sentences}>
            {view.proposal.lines.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {view.proposal.minimum !== null && !used && (
            <Checkbox
              checked={setMinimum}
              disabled={busy}
              onChange={(_, d) => setSetMinimum(d.checked === true)}
              label={`Also qualify only deals with a win probability of at least ${Math.round(view.proposal.minimum * 100)} %`}
            />
          )}
        </section>
      )}
      {used ? (
        <MessageBar intent="success">
          <MessageBarBody>
            The learned model is stored in the Qualification Model sheet; results now have Win % and Expected
            value.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.row}>
          <Button
            appearance={view.recommendation.use ? "primary" : "secondary"}
            disabled={busy}
            onClick={() => onUse(setMinimum)}
          >
            Use this model
          </Button>
          <Button
            appearance={view.recommendation.use ? "secondary" : "primary"}
            disabled={busy}
            onClick={onKeep}
          >
            Keep current model
          </Button>
        </div>
      )}
    </section>
  );
}

export function LearnPanel({
  learn,
  alternatives,
  busy,
  onLearn,
  onUse,
  onKeep,
  proposal,
  headingLevel = "h2",
}: LearnPanelProps) {
  const styles = useStyles();
  const [choice, setChoice] = useState("");
  const learning = learn.state === "learning";
  return (
    <div className={styles.section} data-testid="learn-panel">
      <Caption1 block className={styles.muted}>
        Learns a win probability from your closed deals (won and lost), checks it out of fold against the
        current model, and shows the evidence before anything changes.
      </Caption1>
      <div className={styles.row}>
        <Select
          size="small"
          className={styles.grow}
          aria-label="Table of closed deals"
          value={choice}
          disabled={learning || busy}
          onChange={(_, d) => setChoice(d.value)}
        >
          <option value="">This table&apos;s closed rows</option>
          {alternatives.map((a, i) => (
            <option key={a.label} value={String(i)}>
              {a.label}
            </option>
          ))}
        </Select>
        <Button
          size="small"
          disabled={learning || busy}
          onClick={() => onLearn(choice === "" ? null : (alternatives[Number(choice)]?.ref ?? null))}
        >
          Learn
        </Button>
      </div>
      {learning && <Spinner size="tiny" label={`Learning from ${learn.source}…`} />}
      {learn.state === "done" && learn.view.kind === "refused" && (
        <MessageBar intent="warning" data-testid="learn-refused">
          <MessageBarBody>
            {learn.view.message}
            {learn.view.found && <> {foundText(learn.view.found)}</>}
          </MessageBarBody>
        </MessageBar>
      )}
      {(learn.state === "done" || learn.state === "used") && learn.view.kind === "learned" && (
        <>
          <Subtitle2 as={headingLevel}>Learned from {learn.view.source}</Subtitle2>
          <Learned
            view={learn.view}
            used={learn.state === "used"}
            busy={busy}
            onUse={onUse}
            onKeep={onKeep}
            proposal={proposal}
          />
        </>
      )}
    </div>
  );
}
