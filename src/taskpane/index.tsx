// The task pane's entry inside Excel: once Office is ready, the pane runs over the Office.js adapter.
// Opened outside Excel, it points to the workbench, which runs the same pane over a workbook file.
import "./no-eval"; // before anything that loads the engine
import { FluentProvider, Link, Text, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { ExcelWorkbook } from "../office/excel-workbook";
import { PaneController } from "./logic/controller";
import { Pane } from "./ui/Pane";

function mount(host: Office.HostType | null): void {
  const root = createRoot(document.getElementById("root")!);
  const inExcel = host === Office.HostType.Excel;
  root.render(
    <FluentProvider theme={webLightTheme}>
      {inExcel ? (
        <Pane controller={new PaneController(new ExcelWorkbook())} host="Excel" />
      ) : (
        <Text as="p" style={{ padding: 12, display: "block" }}>
          This is the Opportunity Qualifier task pane: open it from Excel (Home ▸ Qualify). Without Excel, use
          the <Link href="workbench.html">workbench</Link>.
        </Text>
      )}
    </FluentProvider>,
  );
}

Office.onReady((info) => mount(info.host ?? null));
