// The values of mapped columns that the model does not recognise, each with a choice of what it means (a level,
// or a number its field's words stand for). A choice is remembered in the workbook by the controller and read on
// the next run; "— not recognised —" forgets it.
import { Caption1, Select, makeStyles, tokens } from "@fluentui/react-components";
import {
  describeProblem,
  fieldLabel,
  type FieldKey,
  type ScoringModel,
  type UnrecognisedValues,
} from "../../model";
import { valueChoices } from "../logic/value-mapping";

const useStyles = makeStyles({
  table: { width: "100%", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200, marginTop: "6px" },
  value: { paddingRight: "6px", wordBreak: "break-word" },
  rows: { color: tokens.colorNeutralForeground3, paddingRight: "6px", whiteSpace: "nowrap" },
  select: { width: "100%" },
  note: { color: tokens.colorNeutralForeground3 },
});

export interface ValueMappingProps {
  columns: UnrecognisedValues[];
  model: ScoringModel;
  busy: boolean;
  onSetMeaning: (field: FieldKey, value: string, meaning: string | null) => void;
}

const SHOWN = 12; // values per column; the rest are counted

export function ValueMappingView({ columns, model, busy, onSetMeaning }: ValueMappingProps) {
  const styles = useStyles();
  if (columns.length === 0) return null;
  return (
    <section aria-label="Values not recognised">
      {columns.map((c) => {
        const choices = valueChoices(model, c.field);
        const more = c.values.length - SHOWN + c.more;
        return (
          <div key={c.field}>
            <Caption1 block>
              {c.header} ({fieldLabel(c.field)}): values not recognised. Say what each means:
            </Caption1>
            <table className={styles.table} aria-label={`Values of ${c.header}`}>
              <tbody>
                {c.values.slice(0, SHOWN).map((v) => (
                  <tr key={v.value}>
                    <td className={styles.value}>{v.value}</td>
                    <td className={styles.rows}>
                      {v.rows} {v.rows === 1 ? "row" : "rows"}
                    </td>
                    <td>
                      <Select
                        size="small"
                        className={styles.select}
                        aria-label={`Meaning of ${c.header} '${v.value}'`}
                        value=""
                        disabled={busy}
                        onChange={(_, data) =>
                          onSetMeaning(c.field, v.value, data.value === "" ? null : data.value)
                        }
                      >
                        <option value="">— not recognised —</option>
                        {choices.map((choice) => (
                          <option key={choice.value} value={choice.value}>
                            {choice.label}
                          </option>
                        ))}
                      </Select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more > 0 && <Caption1 className={styles.note}>and {more} more.</Caption1>}
          </div>
        );
      })}
    </section>
  );
}

/** What the mapping could not decide (two columns for a field, a column that fits two fields), as captions. */
export function MappingProblems({ problems }: { problems: Parameters<typeof describeProblem>[0][] }) {
  const styles = useStyles();
  return (
    <>
      {problems.map((p, i) => (
        <Caption1 block key={i} className={styles.note}>
          {describeProblem(p)}
        </Caption1>
      ))}
    </>
  );
}
