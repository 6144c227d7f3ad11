// The workbench page: a workbook file in a grid on the left, the real task pane on the right, running over the
// file adapter. Opens the bundled example, any .xlsx or .csv opened or dropped, and downloads the result.
import {
  Button,
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { describeProblem, errorText, problem, type Problem } from "../model";
import { PaneController } from "../taskpane/logic/controller";
import { Pane } from "../taskpane/ui/Pane";
import { FileWorkbook } from "./file-workbook";
import { Grid } from "./Grid";

const EXAMPLE = "examples/pipeline.xlsx";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", height: "100vh", fontFamily: tokens.fontFamilyBase },
  bar: {
    display: "flex",
    gap: "8px",
    alignItems: "center",
    padding: "8px 12px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  grow: { flexGrow: 1 },
  body: { display: "flex", flexGrow: 1, minHeight: 0 },
  left: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  pane: {
    width: "380px",
    flexShrink: 0,
    overflowY: "auto",
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  drop: { outline: `3px dashed ${tokens.colorBrandStroke1}`, outlineOffset: "-6px" },
  message: { margin: "8px 12px" },
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

export function Workbench() {
  const styles = useStyles();
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
    <FluentProvider theme={webLightTheme}>
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
        <div className={styles.bar} role="toolbar" aria-label="Workbook">
          <Text className={styles.title}>Opportunity Qualifier · Workbench</Text>
          <Caption1 className={styles.grow}>
            {workbook ? workbook.fileName : "no workbook"} — drop an .xlsx or .csv here
          </Caption1>
          <input
            ref={input}
            className={styles.hidden}
            type="file"
            accept=".xlsx,.csv"
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
        </div>
        <div className={styles.body}>
          <div className={styles.left}>
            {/* A file that cannot be opened leaves the open workbook as it was; the bar says why. */}
            {error && (
              <MessageBar intent="error" className={styles.message}>
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {workbook && (
              <>
                <Grid workbook={workbook} />
                <Sheets workbook={workbook} />
              </>
            )}
          </div>
          <aside className={styles.pane} aria-label="Task pane">
            {controller && workbook && (
              <Pane controller={controller} host={`Workbench · ${workbook.fileName}`} />
            )}
          </aside>
        </div>
      </div>
    </FluentProvider>
  );
}
