// The column mapping: each field with the column it reads from (detected, chosen or none), editable; the
// choice is remembered in the workbook by the controller.
import { Button, Caption1, Select, makeStyles, tokens } from "@fluentui/react-components";
import { fieldLabel, type FieldKey } from "../../model";
import { columnChoices, type Mapping } from "../logic/mapping";
import { outputIndexes, type OutputPlan } from "../../port/plan";
import type { DetectedTable } from "../../port/workbook";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  field: { paddingRight: "6px", whiteSpace: "nowrap" },
  select: { width: "100%" },
  missing: { color: tokens.colorNeutralForeground3 },
  source: { color: tokens.colorNeutralForeground3, paddingLeft: "4px", whiteSpace: "nowrap" },
  bar: { display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: "6px" },
});

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
  const missing = mapping.fields.filter((f) => f.column === null).map((f) => fieldLabel(f.field));
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
      <table className={styles.table} aria-label="Column mapping">
        <tbody>
          {mapping.fields.map((f) => (
            <tr key={f.field} className={f.column === null ? styles.missing : undefined}>
              <td className={styles.field}>{fieldLabel(f.field)}</td>
              <td>
                <Select
                  size="small"
                  className={styles.select}
                  aria-label={`Column for ${fieldLabel(f.field)}`}
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
              </td>
              <td className={styles.source}>{f.source === "none" ? "missing" : f.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && <Caption1 className={styles.missing}>Not found: {missing.join(", ")}.</Caption1>}
    </div>
  );
}
