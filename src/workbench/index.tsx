// The workbench's entry. office.js is loaded as in Excel; outside Office it reports no host, so the pane runs
// over a workbook file instead of Excel. Inside Excel this page is not the pane, so it says so.
import "../taskpane/no-eval"; // before anything that loads the engine
import { createRoot } from "react-dom/client";
import { Workbench } from "./Workbench";

function start(): void {
  createRoot(document.getElementById("root")!).render(<Workbench />);
}

// office.js may be missing (page opened from disk) or outside Office: the workbench needs neither.
if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  Office.onReady(() => start());
} else {
  start();
}
