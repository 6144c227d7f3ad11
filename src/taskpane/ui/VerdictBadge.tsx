// A verdict in the colours the sheet uses for it.
import { makeStyles } from "@fluentui/react-components";
import type { Verdict } from "../../model";
import { VERDICT_COLOURS } from "../../port/formats";

const useStyles = makeStyles({
  badge: {
    display: "inline-block",
    padding: "0 6px",
    borderRadius: "8px",
    fontSize: "12px",
    lineHeight: "18px",
    whiteSpace: "nowrap",
  },
});

export function VerdictBadge({ verdict }: { verdict: Verdict | null }) {
  const styles = useStyles();
  if (!verdict) return <span className={styles.badge}>empty row</span>;
  const c = VERDICT_COLOURS[verdict];
  return (
    <span className={styles.badge} style={{ background: c.fill, color: c.font }}>
      {verdict}
    </span>
  );
}
