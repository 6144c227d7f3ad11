// The task pane's entry inside Excel: once Office is ready, the pane runs over the Office.js adapter, in the
// Office theme's colours, and follows the table the user is on (when shown again, when the selection moves).
// Opened outside Excel, it points to the workbench, which runs the same pane over a workbook file.
import "./no-eval"; // before anything that loads the engine
import { FluentProvider, Link, Text } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { ExcelWorkbook } from "../office/excel-workbook";
import { PaneController } from "./logic/controller";
import { watchWorkbook, type WorkbookEvents } from "./logic/office-watch";
import { themeKind } from "./logic/theme";
import { Pane } from "./ui/Pane";
import { fluentTheme } from "./ui/theme";

/** Office's events as the pane listens to them. */
const officeEvents: WorkbookEvents = {
  onVisibilityChanged: (handler) =>
    Office.addin.onVisibilityModeChanged((m) => handler(m.visibilityMode === Office.VisibilityMode.taskpane)),
  onSelectionChanged: (handler) =>
    Excel.run(async (context) => {
      context.workbook.onSelectionChanged.add(async () => handler());
      await context.sync();
    }),
};

function currentTheme() {
  const theme = Office.context?.officeTheme;
  const colorful = typeof Office.ThemeId === "undefined" ? undefined : Office.ThemeId.Colorful;
  return fluentTheme(themeKind(theme, colorful));
}

function mount(host: Office.HostType | null): void {
  const root = createRoot(document.getElementById("root")!);
  const inExcel = host === Office.HostType.Excel;
  const controller = inExcel ? new PaneController(new ExcelWorkbook()) : null;
  const render = () =>
    root.render(
      <FluentProvider theme={currentTheme()} style={{ minHeight: "100vh" }}>
        {controller ? (
          <Pane controller={controller} host="Excel" />
        ) : (
          <Text as="p" style={{ padding: 12, display: "block" }}>
            This is the Opportunity Qualifier task pane: open it from Excel (Home ▸ Qualify). Without Excel,
            use the <Link href="workbench.html">workbench</Link>.
          </Text>
        )}
      </FluentProvider>,
    );
  render();
  if (!controller) return;
  void watchWorkbook(controller, officeEvents).catch(() => undefined);
  // Where the host reports theme changes, follow them; elsewhere the theme is read when the pane loads.
  try {
    Office.context.document?.addHandlerAsync?.(Office.EventType.OfficeThemeChanged, render, () => undefined);
  } catch {
    // Not supported in this host.
  }
}

Office.onReady((info) => mount(info.host ?? null));
