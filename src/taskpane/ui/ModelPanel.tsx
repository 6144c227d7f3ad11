// The scoring model, editable: weights, thresholds, grades and knock-outs up front in plain words (labels.ts),
// everything else folded under the sheet's setting names. Errors from the engine's validation appear beside the
// setting they name, as what to enter; saving writes the Qualification Model sheet and qualifies again.
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Switch,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { describeSettingProblem, type Problem } from "../../model";
import type { ModelState } from "../logic/controller";
import { groupSettings, type SettingValue } from "../logic/model-settings";
import { GROUP_TEXT, moreSettingsTitle, settingLabel, settingProblemText } from "./labels";

const useStyles = makeStyles({
  group: { border: "none", padding: 0, margin: "0 0 12px 0", minWidth: 0 },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: "2px" },
  groupHint: { color: tokens.colorNeutralForeground3, marginBottom: "6px" },
  // As many columns of at least 130 px as fit: two in a 320 px pane, one for long labels when squeezed.
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(130px, 1fr))",
    columnGap: "8px",
    rowGap: "6px",
  },
  wide: { gridColumn: "1 / -1", minWidth: 0 },
  field: { minWidth: 0 },
  input: { width: "100%", minWidth: 0 },
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", marginTop: "8px" },
  details: { marginBottom: "12px" },
  summary: { cursor: "pointer", overflowWrap: "anywhere" },
  errors: { color: tokens.colorPaletteRedForeground1 },
});

function SettingInput({
  name,
  value,
  problems,
  disabled,
  onChange,
  wide,
}: {
  name: string;
  value: SettingValue;
  problems: Problem[] | undefined;
  disabled: boolean;
  onChange: (v: SettingValue) => void;
  wide: boolean;
}) {
  const styles = useStyles();
  const { label, hint } = settingLabel(name);
  // Beside the setting, its problems in the user's words: what to enter, or the catalogue's words.
  const message = problems?.map((p) => settingProblemText(name, p)).join("; ");
  const className = wide ? styles.wide : styles.field;
  if (typeof value === "boolean") {
    return (
      <Field className={className} validationMessage={message} validationState={message ? "error" : "none"}>
        <Switch label={label} checked={value} disabled={disabled} onChange={(_, d) => onChange(d.checked)} />
      </Field>
    );
  }
  // The visible label is the accessible name (Field ties them): no aria-label overrides it.
  return (
    <Field
      className={className}
      label={label}
      hint={hint}
      size="small"
      validationMessage={message}
      validationState={message ? "error" : "none"}
    >
      <Input
        size="small"
        className={styles.input}
        value={String(value)}
        disabled={disabled}
        onChange={(_, d) => onChange(d.value)}
      />
    </Field>
  );
}

export interface ModelPanelProps {
  model: ModelState;
  busy: boolean;
  /** A table to qualify again after saving. */
  canRequalify: boolean;
  onEditSetting: (name: string, value: SettingValue) => void;
  onSave: (requalify: boolean) => void;
  onReset: () => void;
}

export function ModelPanel({ model, busy, canRequalify, onEditSetting, onSave, onReset }: ModelPanelProps) {
  const styles = useStyles();
  const groups = groupSettings(model.settings);
  const values = new Map(model.settings);
  const errorCount =
    [...model.validation.errors.values()].reduce((n, e) => n + e.length, 0) + model.validation.general.length;
  const render = (group: string, names: string[]) => (
    <div className={styles.grid}>
      {names.map((name) => (
        <SettingInput
          key={name}
          name={name}
          value={values.get(name) ?? ""}
          problems={model.validation.errors.get(name)}
          disabled={busy}
          wide={group === "Everything else" || typeof values.get(name) === "boolean"}
          onChange={(v) => onEditSetting(name, v)}
        />
      ))}
    </div>
  );
  return (
    <section aria-label="Scoring model">
      <Caption1 block>
        {model.stored
          ? "Stored in the workbook's Qualification Model sheet."
          : "The default model (not stored in this workbook yet)."}
        {model.dirty && " Changed, not saved."}
      </Caption1>
      {model.validation.general.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>{model.validation.general.map(describeSettingProblem).join("; ")}</MessageBarBody>
        </MessageBar>
      )}
      {groups.map((g) =>
        g.title === "Everything else" ? (
          <details key={g.title} className={styles.details}>
            <summary className={styles.summary}>{moreSettingsTitle(g.settings.length)}</summary>
            {render(g.title, g.settings)}
          </details>
        ) : (
          <fieldset key={g.title} className={styles.group}>
            <legend className={styles.legend}>{GROUP_TEXT[g.title]?.title ?? g.title}</legend>
            {GROUP_TEXT[g.title] && (
              <Caption1 block className={styles.groupHint}>
                {GROUP_TEXT[g.title].hint}
              </Caption1>
            )}
            {render(g.title, g.settings)}
          </fieldset>
        ),
      )}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={busy || !model.validation.model || !canRequalify}
          onClick={() => onSave(true)}
        >
          Save model and re-qualify
        </Button>
        <Button disabled={busy || !model.validation.model} onClick={() => onSave(false)}>
          Save model
        </Button>
        <Button disabled={busy} onClick={onReset}>
          Reset to default
        </Button>
      </div>
      {errorCount > 0 && (
        <Caption1 block className={styles.errors}>
          {errorCount} setting{errorCount > 1 ? "s" : ""} to fix before the model can be used.
        </Caption1>
      )}
    </section>
  );
}
