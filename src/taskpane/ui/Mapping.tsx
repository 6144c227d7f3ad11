// The column mapping as a compact list: each field, the column it reads from (a select) and how that column was
// found (from its header, chosen by you, or not in this table); the choice is remembered in the workbook by the
// controller. Each field is one MappingRow, which takes children for what a field may need below its column.
import { Button, Caption1, Label, Select, makeStyles, tokens, useId } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { fieldLabel, type FieldKey } from "../../model";
import { columnChoices, type FieldMapping, type FieldSource, type Mapping } from "../logic/mapping";
import { outputIndexes, type OutputPlan } from "../../port/plan";
import type { DetectedTable } from "../../port/workbook";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0 },
  row: {
    display: "grid",
    // The field's name and how it was found beside its column; both shrink, neither pushes the pane wider.
    gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1.2fr)",
    columnGap: "8px",
    alignItems: "center",
    padding: "3px 0",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  name: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  how: { color: tokens.colorNeutralForeground3 },
  missing: { color: tokens.colorPaletteRedForeground1 },
  select: { minWidth: 0, width: "100%" },
  below: { gridColumn: "1 / -1" },
  bar: {
    display: "flex",
    flexWrap: "wrap",
    gap: "6px",
    justifyContent: "space-between",
    alignItems: "center",
    marginBottom: "6px",
  },
});

/** How a field's column was found, as the list says it. */
export const HOW_FOUND: Record<FieldSource, string> = {
  detected: "from its header",
  chosen: "chosen by you",
  none: "not in this table",
};

export interface MappingRowProps {
  mapping: FieldMapping;
  choices: { column: number; label: string }[];
  busy: boolean;
  onSetColumn: (field: FieldKey, column: number | null) => void;
  /** Shown under the field's row, across the list's width. */
  children?: ReactNode;
}

export function MappingRow({ mapping: f, choices, busy, onSetColumn, children }: MappingRowProps) {
  const styles = useStyles();
  const id = useId("column");
  const how = useId("how");
  const label = fieldLabel(f.field);
  return (
    <li className={styles.row}>
      <span className={styles.name}>
        <Label htmlFor={id} size="small">
          {label}
        </Label>
        <Caption1 id={how} className={f.source === "none" ? styles.missing : styles.how}>
          {HOW_FOUND[f.source]}
        </Caption1>
      </span>
      <Select
        id={id}
        size="small"
        className={styles.select}
        aria-describedby={how}
        value={f.column === null ? "" : String(f.column)}
        disabled={busy}
        onChange={(_, data) => onSetColumn(f.field, data.value === "" ? null : Number(data.value))}
      >
        <option value="">— not in this table —</option>
        {choices.map((c) => (
          <option key={c.column} value={String(c.column)}>
            {c.label}
          </option>
        ))}
      </Select>
      {children && <div className={styles.below}>{children}</div>}
    </li>
  );
}

export interface MappingProps {
  detected: DetectedTable;
  mapping: Mapping;
  plan: OutputPlan;
  busy: boolean;
  /** The column (0-based) a field reads from, or null for "not in this table". */
  onSetColumn: (field: FieldKey, column: number | null) => void;
  onUseDetected: () => void;
}

export function MappingView({ detected, mapping, plan, busy, onSetColumn, onUseDetected }: MappingProps) {
  const styles = useStyles();
  const choices = columnChoices(detected.headers, outputIndexes(plan));
  const found = mapping.fields.filter((f) => f.column !== null).length;
  return (
    <div>
      <div className={styles.bar}>
        <Caption1>
          {found} of {mapping.fields.length} fields found.
          {mapping.stale.length > 0 &&
            ` Remembered columns no longer present: ${mapping.stale.map(fieldLabel).join(", ")}.`}
        </Caption1>
        <Button size="small" onClick={onUseDetected} disabled={busy}>
          Use detected
        </Button>
      </div>
      <ul className={styles.list} aria-label="Column mapping">
        {mapping.fields.map((f) => (
          <MappingRow key={f.field} mapping={f} choices={choices} busy={busy} onSetColumn={onSetColumn} />
        ))}
      </ul>
    </div>
  );
}
