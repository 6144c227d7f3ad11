// The workbench page: a workbook file in a grid on the left, the real task pane on the right, running over the
// file adapter. Opens the bundled example, any .xlsx or .csv opened or dropped, and downloads the result.
// The address may set the pane's width and theme, as Excel would: workbench.html?pane=320&theme=dark.
import {
  Button,
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { describeProblem, errorText, problem, type Problem } from "../model";
import { PaneController } from "../taskpane/logic/controller";
import { Pane } from "../taskpane/ui/Pane";
import { fluentTheme } from "../taskpane/ui/theme";
import { FileWorkbook } from "./file-workbook";
import { Grid } from "./Grid";

const EXAMPLE = "examples/pipeline.xlsx";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Excel's task pane is 320 to 350 px wide by default; the workbench shows it a little wider unless told. */
const PANE_WIDTH = { default: 380, min: 280, max: 800 };

/** The pane's width and theme from the page's address (?pane=320&theme=dark), within sensible bounds. */
export function pageOptions(search: string): { paneWidth: number; theme: "light" | "dark" } {
  const params = new URLSearchParams(search);
  const asked = Number(params.get("pane"));
  const paneWidth =
    Number.isFinite(asked) && asked > 0
      ? Math.min(PANE_WIDTH.max, Math.max(PANE_WIDTH.min, Math.round(asked)))
      : PANE_WIDTH.default;
  return { paneWidth, theme: params.get("theme") === "dark" ? "dark" : "light" };
}

const useStyles = makeStyles({
  page: {
    display: "flex",
    flexDirection: "column",
    height: "100vh",
    fontFamily: tokens.fontFamilyBase,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  bar: {
    display: "flex",
    gap: "8px",
    alignItems: "center",
    padding: "8px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, margin: 0 },
  grow: { flexGrow: 1 },
  body: { display: "flex", flexGrow: 1, minHeight: 0 },
  left: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  pane: {
    flexShrink: 0,
    boxSizing: "border-box",
    overflowY: "auto",
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  drop: { outline: `3px dashed ${tokens.colorBrandStroke1}`, outlineOffset: "-6px" },
  error: { margin: "12px" },
  hidden: { display: "none" },
});

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function qualifiedName(name: string): string {
  const base = name.replace(/\.(xlsx|csv)$/i, "");
  return base.endsWith("-qualified") ? `${base}.xlsx` : `${base}-qualified.xlsx`;
}

function Sheets({ workbook }: { workbook: FileWorkbook }) {
  useSyncExternalStore(
    (l) => workbook.subscribe(l),
    () => workbook.version,
  );
  const sheets = workbook.sheets();
  return (
    <TabList
      size="small"
      selectedValue={workbook.activeSheet}
      onTabSelect={(_, d) => workbook.setActiveSheet(String(d.value))}
      aria-label="Sheets"
    >
      {sheets.map((s) => (
        <Tab key={s} value={s}>
          {s}
        </Tab>
      ))}
    </TabList>
  );
}

/** The workbench page's printer: the problem's words, then what the file said (the cause), as one line. */
function workbenchLine(p: Problem, cause?: unknown): string {
  return cause === undefined ? `${describeProblem(p)}.` : `${describeProblem(p)}: ${errorText(cause)}`;
}

/** A file that could not be opened: the message stays until dismissed or another file opens. */
function ErrorBar({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" className={styles.error} role="alert">
      <MessageBarBody>{text}</MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" size="small" onClick={onDismiss}>
            Dismiss
          </Button>
        }
      />
    </MessageBar>
  );
}

export function Workbench() {
  const styles = useStyles();
  const { paneWidth, theme } = useMemo(() => pageOptions(window.location.search), []);
  const [workbook, setWorkbook] = useState<FileWorkbook | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const controller = useMemo(() => (workbook ? new PaneController(workbook) : null), [workbook]);

  const openBytes = useCallback((name: string, bytes: Uint8Array) => {
    try {
      setWorkbook(FileWorkbook.open(name, bytes));
      setError(null);
    } catch (e) {
      setError(workbenchLine(problem("workbench.openFailed", { file: name }), e));
    }
  }, []);

  const openFile = useCallback(
    async (file: File) => openBytes(file.name, new Uint8Array(await file.arrayBuffer())),
    [openBytes],
  );

  useEffect(() => {
    fetch(EXAMPLE)
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status}`))))
      .then((b) => openBytes("pipeline.xlsx", new Uint8Array(b)))
      .catch(() => setError(workbenchLine(problem("workbench.noExample", {}))));
  }, [openBytes]);

  return (
    <FluentProvider theme={fluentTheme(theme)}>
      <div
        className={`${styles.page} ${dragging ? styles.drop : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void openFile(file);
        }}
      >
        <header className={styles.bar}>
          <Text as="h1" className={styles.title}>
            Opportunity Qualifier · Workbench
          </Text>
          <Caption1 className={styles.grow}>
            {workbook ? workbook.fileName : "no workbook"} — drop an .xlsx, a .csv or a .zip holding one here
          </Caption1>
          <input
            ref={input}
            className={styles.hidden}
            type="file"
            accept=".xlsx,.xlsm,.csv,.txt,.zip"
            aria-label="Open workbook file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void openFile(file);
              e.target.value = "";
            }}
          />
          <Button onClick={() => input.current?.click()}>Open…</Button>
          <Button
            appearance="primary"
            disabled={!workbook}
            onClick={() => workbook && download(workbook.bytes(), qualifiedName(workbook.fileName))}
          >
            Download workbook
          </Button>
        </header>
        <div className={styles.body}>
          <main className={styles.left} aria-label="Workbook">
            {error && <ErrorBar text={error} onDismiss={() => setError(null)} />}
            {workbook && (
              <>
                <Grid workbook={workbook} />
                <Sheets workbook={workbook} />
              </>
            )}
          </main>
          <aside className={styles.pane} style={{ width: paneWidth }} aria-label="Task pane">
            {controller && workbook && (
              <Pane controller={controller} host={`Workbench · ${workbook.fileName}`} embedded />
            )}
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}
