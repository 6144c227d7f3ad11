// The task pane: which table, its mapping and preview, Qualify with progress and cancel, the filter, the
// summary, and the model panel. It only renders the controller's state and forwards clicks; the controller
// talks to the workbook through the port (Excel.run never appears here).
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Spinner,
  Subtitle1,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect } from "react";
import { NO_TABLE, type Message, type PaneController } from "../logic/controller";
import { MappingView } from "./Mapping";
import { MappingProblems, ValueMappingView } from "./ValueMapping";
import { ModelPanel } from "./ModelPanel";
import { LearnPanel } from "./LearnPanel";
import { Preview, SummaryView } from "./Summary";
import { usePane } from "./usePane";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: "10px",
    padding: "12px",
    boxSizing: "border-box",
    fontFamily: tokens.fontFamilyBase,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    // Nothing may push the pane wider than Excel's 320 px: long names and messages wrap.
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  panel: { paddingLeft: "4px", paddingRight: "4px" },
  row: { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap" },
  grow: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const PHASE_TEXT = {
  reading: "Reading the table",
  assessing: "Assessing opportunities",
  writing: "Writing the columns",
};

function MessageView({ message }: { message: Message }) {
  return (
    <MessageBar intent={message.intent} aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{message.title}</MessageBarTitle>
        {message.text}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The pane: it owns the controller, renders its state and hands each part the callbacks it needs. In Excel it is
 * the page's main content (h1); `embedded` (the workbench) makes it a region under the page's own h1.
 */
export function Pane({
  controller,
  host,
  embedded = false,
}: {
  controller: PaneController;
  host: string;
  embedded?: boolean;
}) {
  const styles = useStyles();
  const state = usePane(controller);
  useEffect(() => {
    void controller.start();
  }, [controller]);
  const { detected, mapping, plan, run, message } = state;
  const running = run.state === "running";
  const canFilter = controller.verdictColumn() !== null;

  const Root = embedded ? "div" : "main";
  return (
    <Root className={styles.root}>
      <header>
        <Subtitle1 as={embedded ? "h2" : "h1"}>Opportunity Qualifier</Subtitle1>
        <Caption1 block className={styles.muted}>
          Qualify Selling Opportunity (eTOM 1.1.9.1) · {host}
        </Caption1>
      </header>

      {message && <MessageView message={message} />}

      {state.status === "starting" && <Spinner size="tiny" label="Looking for the opportunity table…" />}
      {state.status === "no-table" && <MessageView message={NO_TABLE} />}

      <section aria-label="Table" className={styles.row}>
        {detected && (
          <Text className={styles.grow} data-testid="detected-table">
            Using <strong>{controller.describeDetected()}</strong>
          </Text>
        )}
        {detected && detected.alternatives.length > 0 && (
          <Select
            size="small"
            aria-label="Use another table"
            value=""
            disabled={running}
            onChange={(_, d) => {
              const alt = detected.alternatives[Number(d.value)];
              if (alt) void controller.pickTable(alt.ref);
            }}
          >
            <option value="">Use another table…</option>
            {detected.alternatives.map((a, i) => (
              <option key={a.label} value={String(i)}>
                {a.label}
              </option>
            ))}
          </Select>
        )}
        <Button size="small" disabled={running} onClick={() => void controller.refresh()}>
          Refresh
        </Button>
      </section>

      {detected && (
        <>
          <section aria-label="Qualify" className={styles.row}>
            <Button appearance="primary" disabled={controller.busy} onClick={() => void controller.qualify()}>
              Qualify
            </Button>
            <Button
              disabled={!canFilter || controller.busy}
              aria-pressed={state.filter === "qualified"}
              onClick={() => void controller.setFilter("qualified")}
            >
              Qualified only
            </Button>
            <Button
              disabled={!canFilter || controller.busy}
              aria-pressed={state.filter === "all"}
              onClick={() => void controller.setFilter("all")}
            >
              Show all
            </Button>
          </section>
          {running && (
            <section aria-label="Progress">
              <ProgressBar value={run.fraction} max={1} thickness="large" aria-label="Qualifying progress" />
              <div className={styles.row}>
                <Caption1 className={styles.grow}>
                  {PHASE_TEXT[run.phase]} · {run.rows.toLocaleString("en")} rows
                </Caption1>
                <Button size="small" onClick={() => controller.cancel()}>
                  Cancel
                </Button>
              </div>
            </section>
          )}
          {run.state === "saving" && <Spinner size="tiny" label="Saving the model…" />}

          {state.result ? (
            <SummaryView
              result={state.result}
              headingLevel={embedded ? "h3" : "h2"}
              onSelectOpportunity={(row) => void controller.selectOpportunity(row)}
              onShowMore={() => controller.showMoreAttention()}
            />
          ) : (
            state.preview.length > 0 && (
              <section aria-label="Preview of the first rows">
                <Caption1 block className={styles.muted}>
                  Preview of the first rows (nothing written yet)
                </Caption1>
                <Preview rows={state.preview} />
              </section>
            )
          )}

          <Accordion collapsible multiple defaultOpenItems={state.result ? [] : ["mapping"]}>
            <AccordionItem value="mapping">
              <AccordionHeader>Column mapping</AccordionHeader>
              <AccordionPanel className={styles.panel}>
                {mapping && plan && (
                  <MappingView
                    detected={detected}
                    mapping={mapping}
                    plan={plan}
                    busy={controller.busy}
                    onSetColumn={(field, column) => void controller.setFieldColumn(field, column)}
                    onUseDetected={() => void controller.resetMapping()}
                  />
                )}
                {mapping?.engine.problems && <MappingProblems problems={mapping.engine.problems} />}
                {state.model.validation.model && (
                  <ValueMappingView
                    columns={state.unrecognised}
                    model={state.model.validation.model}
                    busy={controller.busy}
                    onSetMeaning={(field, value, meaning) =>
                      void controller.setValueMeaning(field, value, meaning)
                    }
                  />
                )}
              </AccordionPanel>
            </AccordionItem>
            <AccordionItem value="model">
              <AccordionHeader>Scoring model</AccordionHeader>
              <AccordionPanel className={styles.panel}>
                <ModelPanel
                  model={state.model}
                  busy={controller.busy}
                  canRequalify={detected !== null}
                  onEditSetting={(name, value) => controller.editSetting(name, value)}
                  onSave={(requalify) => void controller.saveModel(requalify)}
                  onReset={() => controller.resetModel()}
                />
              </AccordionPanel>
            </AccordionItem>
            <AccordionItem value="learn">
              <AccordionHeader>Learn from history</AccordionHeader>
              <AccordionPanel className={styles.panel}>
                <LearnPanel
                  learn={state.learn}
                  alternatives={detected.alternatives}
                  busy={controller.busy}
                  headingLevel={embedded ? "h3" : "h2"}
                  onLearn={(choice) => void controller.learn(choice)}
                  onUse={(withMinimum) => void controller.useLearnedModel(withMinimum)}
                  onKeep={() => controller.keepCurrentModel()}
                />
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        </>
      )}

      <Dialog
        open={state.consent !== null}
        onOpenChange={(_, d) => !d.open && void controller.answerConsent(false)}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Overwrite your column{(state.consent?.length ?? 0) > 1 ? "s" : ""}?</DialogTitle>
            <DialogContent>
              Your table already has {state.consent?.map((c) => `'${c.title}'`).join(", ")}, which the
              qualifier did not write. Qualify would replace{" "}
              {(state.consent?.length ?? 0) > 1 ? "their" : "its"} values with its own output.
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => void controller.answerConsent(true)}>
                Overwrite
              </Button>
              <Button onClick={() => void controller.answerConsent(false)}>Keep mine</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Root>
  );
}
