// The scoring model, editable: weights, thresholds, grades and knock-outs up front, everything else folded.
// Errors from the engine's validation appear beside the setting they name; saving writes the Qualification
// Model sheet and qualifies again in the same click.
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
import { describeProblem, describeSettingProblem, FIELD_KEYS, fieldLabel, type Problem } from "../../model";
import type { ModelState } from "../logic/controller";
import { groupSettings, type SettingValue } from "../logic/model-settings";

const useStyles = makeStyles({
  group: { border: "none", padding: 0, margin: "0 0 12px 0" },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: "4px" },
  grid: { display: "grid", gridTemplateColumns: "1fr 1fr", columnGap: "8px", rowGap: "4px" },
  wide: { gridColumn: "1 / -1" },
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", marginTop: "8px" },
  details: { marginBottom: "12px" },
});

/** "weights.dealValue" -> "Deal Value"; "thresholds.qualified.minScore" -> "qualified minScore". */
function labelOf(setting: string, group: string): string {
  const parts = setting.split(".");
  const last = parts[parts.length - 1];
  if (group === "Weights" && (FIELD_KEYS as readonly string[]).includes(last)) return fieldLabel(last);
  if (group === "Weights" && last === "bidEffort") return "Bid effort";
  return parts.slice(1).join(" ");
}

function SettingInput({
  name,
  label,
  value,
  problems,
  disabled,
  onChange,
  wide,
}: {
  name: string;
  label: string;
  value: SettingValue;
  problems: Problem[] | undefined;
  disabled: boolean;
  onChange: (v: SettingValue) => void;
  wide?: string;
}) {
  // Beside the setting, its problems need no path: the catalogue's words for each.
  const message = problems?.map(describeProblem).join("; ");
  if (typeof value === "boolean") {
    return (
      <Field className={wide} validationMessage={message} validationState={message ? "error" : "none"}>
        <Switch
          label={label}
          aria-label={name}
          checked={value}
          disabled={disabled}
          onChange={(_, d) => onChange(d.checked)}
        />
      </Field>
    );
  }
  return (
    <Field
      className={wide}
      label={label}
      size="small"
      validationMessage={message}
      validationState={message ? "error" : "none"}
    >
      <Input
        size="small"
        aria-label={name}
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
          label={labelOf(name, group)}
          value={values.get(name) ?? ""}
          problems={model.validation.errors.get(name)}
          disabled={busy}
          wide={group === "Everything else" ? styles.wide : undefined}
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
            <summary>Everything else ({g.settings.length} settings: value curves, risk, effort)</summary>
            {render(g.title, g.settings)}
          </details>
        ) : (
          <fieldset key={g.title} className={styles.group}>
            <legend className={styles.legend}>{g.title}</legend>
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
        <Caption1 block style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errorCount} setting{errorCount > 1 ? "s" : ""} to fix before the model can be used.
        </Caption1>
      )}
    </section>
  );
}
