// A verdict as a small badge in its status colours (Fluent tokens: they follow the Office theme).
import { makeStyles, tokens } from "@fluentui/react-components";
import type { Verdict } from "../../model";
import { VERDICT_TOKENS } from "./verdict-colours";

const useStyles = makeStyles({
  badge: {
    display: "inline-block",
    padding: "0 6px",
    borderRadius: "8px",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: "18px",
    whiteSpace: "nowrap",
  },
});

export function VerdictBadge({ verdict }: { verdict: Verdict | null }) {
  const styles = useStyles();
  if (!verdict) return <span className={styles.badge}>empty row</span>;
  const c = VERDICT_TOKENS[verdict];
  return (
    <span className={styles.badge} style={{ background: c.fill, color: c.font, borderColor: c.border }}>
      {verdict}
    </span>
  );
}
