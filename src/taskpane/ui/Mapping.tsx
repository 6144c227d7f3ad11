// The column mapping: each field with the column it reads from (detected, chosen or none), editable; the
// choice is remembered in the workbook by the controller.
import { Button, Caption1, Select, makeStyles, tokens } from "@fluentui/react-components";
import { fieldLabel } from "../../model";
import type { PaneController, PaneState } from "../logic/controller";
import { columnChoices } from "../logic/mapping";
import { outputIndexes } from "../../port/plan";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  field: { paddingRight: "6px", whiteSpace: "nowrap" },
  select: { width: "100%" },
  missing: { color: tokens.colorNeutralForeground3 },
  source: { color: tokens.colorNeutralForeground3, paddingLeft: "4px", whiteSpace: "nowrap" },
  bar: { display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: "6px" },
});

export function MappingView({ controller, state }: { controller: PaneController; state: PaneState }) {
  const styles = useStyles();
  const { detected, mapping, plan } = state;
  if (!detected || !mapping || !plan) return null;
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
        <Button size="small" onClick={() => void controller.resetMapping()} disabled={controller.busy}>
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
                  disabled={controller.busy}
                  onChange={(_, data) =>
                    void controller.setFieldColumn(f.field, data.value === "" ? null : Number(data.value))
                  }
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
