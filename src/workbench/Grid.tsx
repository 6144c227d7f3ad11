// A plain grid of one sheet's table, as the workbench shows the workbook: rows are virtualised so a 50,000-row
// table scrolls, the column letters and the table's header row stay in view (frozen), the output columns are
// painted like the conditional formats Excel would show, rows the Verdict filter hides are left out, and the
// selected row is highlighted and scrolled into view. The grid takes keyboard focus, so arrows and Page Up/Down
// scroll it.
import { makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { FIELDS, matchHeaders, serialToIso, type Cell, type Verdict } from "../model";
import { columnLetters } from "../port/a1";
import { VERDICT_COLOURS, riskColour } from "../port/formats";
import { isOutputHeader } from "../port/marker";
import type { FileWorkbook } from "./file-workbook";

const ROW_H = 22;
const NUM_W = 52;
/** Excel's automatic font colour on a coloured fill (the Risk colour scale sets only the fill). */
const EXCEL_AUTOMATIC_FONT = "#000000";

const useStyles = makeStyles({
  scroller: {
    overflow: "auto",
    position: "relative",
    flexGrow: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  row: { display: "flex", position: "absolute", left: 0, height: `${ROW_H}px` },
  cell: {
    boxSizing: "border-box",
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: "2px 4px",
    overflow: "hidden",
    whiteSpace: "nowrap",
    textOverflow: "ellipsis",
    lineHeight: "17px",
    flexShrink: 0,
  },
  head: {
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    textAlign: "center",
  },
  header: {
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
  },
  num: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  selected: { outline: `2px solid ${tokens.colorBrandStroke1}`, outlineOffset: "-2px" },
  empty: { padding: "24px", color: tokens.colorNeutralForeground3 },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)" },
});

function show(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") return v.error;
  return String(v);
}

function widthOf(header: Cell): number {
  const h = String(header ?? "");
  if (h === "Rationale") return 420;
  if (h === "Verdict") return 100;
  return Math.min(220, Math.max(70, h.length * 8 + 16));
}

export function Grid({ workbook }: { workbook: FileWorkbook }) {
  const styles = useStyles();
  const version = useSyncExternalStore(
    (l) => workbook.subscribe(l),
    () => workbook.version,
  );
  const view = useMemo(() => workbook.view(), [workbook, version]);
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });

  const t = view.table;
  const filter = workbook.filter && t && workbook.filter.sheet === t.sheetName ? workbook.filter : null;
  const visible = useMemo(() => {
    if (!t) return [] as number[];
    const all = t.rows.map((_, i) => i);
    if (!filter) return all;
    const col = filter.column - t.firstCol;
    return all.filter((i) => filter.verdicts.includes(String(t.rows[i][col] ?? "") as Verdict));
  }, [t, filter]);

  const selectedRow =
    workbook.selection && t && workbook.selection.sheet === t.sheetName
      ? workbook.selection.row - t.headerRow - 1
      : null;
  useEffect(() => {
    if (selectedRow === null || !scroller.current) return;
    const at = visible.indexOf(selectedRow);
    if (at < 0) return;
    // Data row `at` sits under the two frozen header rows; bring it into the part of the grid they leave free.
    const top = (at + 2) * ROW_H;
    const el = scroller.current;
    if (top < el.scrollTop + 2 * ROW_H || top + ROW_H > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - 2 * ROW_H - el.clientHeight / 3);
  }, [selectedRow, visible]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setScroll({ top: el.scrollTop, height: el.clientHeight });
    update();
    el.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      el.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, []);

  if (!t) return <div className={styles.empty}>This sheet is empty.</div>;
  const widths = t.headers.map(widthOf);
  const total = NUM_W + widths.reduce((a, b) => a + b, 0);
  // Date fields arrive as Excel serials; show them as dates, as Excel's date format would.
  const mapped = matchHeaders(t.headers).columns;
  const dateCols = new Set(FIELDS.filter((f) => f.kind === "date").map((f) => mapped[f.key] ?? -1));
  const verdictCol = t.headers.findIndex((h) => String(h) === "Verdict" && isOutputHeader(h));
  const riskCol = t.headers.findIndex((h) => String(h) === "Risk" && isOutputHeader(h));
  const first = Math.max(0, Math.floor(scroll.top / ROW_H) - 10);
  const last = Math.min(visible.length, Math.ceil((scroll.top + scroll.height) / ROW_H) + 10);

  const cellStyle = (c: number, v: Cell): React.CSSProperties => {
    const style: React.CSSProperties = { width: widths[c] };
    if (c === verdictCol && typeof v === "string" && v in VERDICT_COLOURS) {
      const colours = VERDICT_COLOURS[v as Verdict];
      style.background = colours.fill;
      style.color = colours.font;
    } else if (c === riskCol && typeof v === "number") {
      style.background = riskColour(v);
      style.color = EXCEL_AUTOMATIC_FONT;
    }
    return style;
  };

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="grid"
      tabIndex={0}
      aria-label={`Sheet ${t.sheetName}`}
      aria-rowcount={visible.length + 2}
      aria-colcount={t.headers.length + 1}
    >
      <div style={{ height: (visible.length + 2) * ROW_H, width: total, position: "relative" }}>
        {/* The two header rows are in the flow and sticky, so they stay at the top; data rows are placed below. */}
        <div
          className={styles.row}
          style={{ top: 0, position: "sticky", zIndex: 2 }}
          role="row"
          aria-rowindex={1}
        >
          <div className={`${styles.cell} ${styles.head}`} style={{ width: NUM_W }} role="columnheader">
            <span className={styles.hidden}>Row</span>
          </div>
          {t.headers.map((_, c) => (
            <div
              key={c}
              className={`${styles.cell} ${styles.head}`}
              style={{ width: widths[c] }}
              role="columnheader"
            >
              {columnLetters(t.firstCol + c)}
            </div>
          ))}
        </div>
        <div
          className={styles.row}
          style={{ top: ROW_H, position: "sticky", zIndex: 2 }}
          role="row"
          aria-rowindex={2}
          data-row={t.headerRow + 1}
        >
          <div className={`${styles.cell} ${styles.head}`} style={{ width: NUM_W }} role="rowheader">
            {t.headerRow + 1}
          </div>
          {t.headers.map((h, c) => (
            <div
              key={c}
              className={`${styles.cell} ${styles.header}`}
              style={{ width: widths[c] }}
              role="columnheader"
            >
              {show(h)}
            </div>
          ))}
        </div>
        {visible.slice(first, last).map((i, k) => {
          const sheetRow = t.headerRow + 2 + i;
          const selected = selectedRow === i;
          return (
            <div
              key={i}
              className={`${styles.row} ${selected ? styles.selected : ""}`}
              style={{ top: (first + k + 2) * ROW_H }}
              role="row"
              aria-rowindex={first + k + 3}
              aria-selected={selected}
              data-row={sheetRow}
              onClick={() => workbook.select({ sheet: t.sheetName, row: sheetRow - 1, col: t.firstCol })}
            >
              <div className={`${styles.cell} ${styles.head}`} style={{ width: NUM_W }} role="rowheader">
                {sheetRow}
              </div>
              {t.rows[i].map((v, c) => (
                <div
                  key={c}
                  role="gridcell"
                  title={typeof v === "string" && v.length > 40 ? v : undefined}
                  className={`${styles.cell} ${typeof v === "number" ? styles.num : ""}`}
                  style={cellStyle(c, v)}
                >
                  {dateCols.has(c) && typeof v === "number" && v > 0 ? serialToIso(v) : show(v)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
