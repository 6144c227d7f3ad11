// End to end: the Learn from history panel in the built workbench (chromium, playwright-core). A history of closed
// deals is generated at test time (the synthetic history's known law, never real data) and opened as a file; the
// panel learns from the table's closed rows and shows the engine's AUC sentence and both charts; "Use this model"
// stores it and re-qualifies, and the grid gains the Win % and Expected value columns. The panel's screenshot
// goes to test-results/learn-from-history.png (the README's docs/screenshots/learn-from-history.png is a copy).
import { expect } from "chai";
import type { Server } from "node:http";
import path from "node:path";
import type { Page } from "playwright-core";
import { defaultModel, todaySerial } from "../../src/model";
import { learnFromHistory } from "../../src/model/learn";
import { evidenceLines } from "../../src/model/learn-words";
import { historyTable, historyXlsx } from "../taskpane/support/history";
import {
  RESULTS,
  launch,
  overflowsSideways,
  seriousViolations,
  serve,
  type Browser,
  explainFailure,
} from "./support";

/** Everything in the pane that could be wider than Excel's 320 px pane. */
const PANE_PARTS = [
  'aside[aria-label="Task pane"]',
  'aside[aria-label="Task pane"] section',
  'aside[aria-label="Task pane"] ul',
  'aside[aria-label="Task pane"] table',
  'aside[aria-label="Task pane"] details',
  'aside[aria-label="Task pane"] svg',
].join(", ");

describe("workbench end to end: learn from history (chromium)", function () {
  this.timeout(180_000);
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;
  const table = historyTable(800, 11);

  before(async function () {
    ({ server, origin } = await serve());
    browser = await launch({ width: 1400, height: 2600 }); // tall: the whole report in one screenshot
    page = browser.page;
  });

  afterEach(async function () {
    await explainFailure(this.currentTest, browser);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("opens a history file, learns from its closed rows and shows the evidence with both charts", async () => {
    await page.goto(`${origin}/workbench.html?pane=320`); // Excel's default pane width
    await page.getByTestId("detected-table").waitFor();
    await page.getByLabel("Open workbook file").setInputFiles({
      name: "history.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await historyXlsx(table)),
    });
    await page.getByTestId("detected-table").getByText("Table History on Deals").waitFor();
    // The mapping folds away (as a user would, once it is right), the learning panel opens.
    await page.getByRole("button", { name: "Column mapping" }).click();
    await page.getByRole("button", { name: "Learn from history" }).click();
    await page.getByRole("button", { name: "Learn", exact: true }).click();
    const report = page.getByTestId("learn-report");
    await report.waitFor();
    // The engine's own sentences, word for word (the CLI prints the same).
    const r = learnFromHistory(table.headers, table.rows, {
      model: defaultModel,
      asOf: todaySerial(new Date()),
    });
    if (!r.ok) throw new Error("the synthetic history should be learnable");
    const lines = evidenceLines(r.report);
    const aucSentence = lines.find((l) => l.startsWith("Out of fold"))!;
    expect(aucSentence).to.match(/\(AUC 0\.\d\d, Brier 0\.\d{3}\); the current score 0\.\d\d/);
    await report.getByText(`${aucSentence}.`, { exact: true }).waitFor();
    expect(await page.getByTestId("learn-recommendation").innerText()).to.equal(
      `${lines[lines.length - 1]}.`,
    );
    expect(await report.innerText()).to.contain(
      `Outcome column 'Status': ${r.report.won} won, ${r.report.lost} lost; ${r.report.open} open rows left out.`,
    );
    const figures = page.getByRole("table", { name: "Out-of-fold figures" });
    expect(await figures.innerText()).to.contain(r.report.auc.toFixed(2));
    const roc = page.getByTestId("roc-chart");
    const calibration = page.getByTestId("calibration-chart");
    expect(await roc.getAttribute("aria-label")).to.equal(
      `ROC curve: learned win probability AUC ${r.report.auc.toFixed(2)}, current score AUC ${r.report.currentAuc!.toFixed(2)}; the diagonal is chance`,
    );
    expect(await roc.locator("path").count()).to.equal(2); // the learned curve and the current score's
    expect(await calibration.locator("circle").count()).to.equal(r.report.calibration.length);
    expect((await roc.boundingBox())!.width).to.be.greaterThan(200);
    await page.getByTestId("learn-panel").screenshot({ path: path.join(RESULTS, "learn-from-history.png") });
    // Everything fits the pane, the per-field table unfolded too.
    await page.getByText("Per field: deals, win rate and learned points per level").click();
    await page.getByRole("table", { name: "Per field" }).waitFor();
    expect(await overflowsSideways(page, PANE_PARTS)).to.deep.equal([]);
  }).retries(1); // once, CI saw no report 30 s after Learn (never here): a second try opens the file afresh, and
  // the first try's pane and log are printed by explainFailure, to find why.

  it("has no serious or critical accessibility violations with the report open (axe-core)", async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it("Use this model stores it and re-qualifies: the grid gains Win % and Expected value", async () => {
    await page.getByRole("button", { name: "Use this model" }).click();
    await page
      .getByText(
        /^Assessed \d+ opportunit(y|ies): \d+ qualified, \d+ conditional, \d+ needs? information, \d+ not qualified\.$/,
      )
      .waitFor();
    await page.getByText("The learned model is stored in the Qualification Model sheet").waitFor();
    const grid = page.getByRole("grid", { name: "Sheet Deals" });
    for (const header of ["Win %", "Expected value"])
      await grid.getByRole("columnheader", { name: header, exact: true }).waitFor();
    // The summary adds the expected value per verdict.
    const totals = page.getByRole("table", { name: "Verdict totals" });
    expect(await totals.locator("thead").innerText()).to.contain("Expected value");
    expect(await overflowsSideways(page, PANE_PARTS)).to.deep.equal([]);
    await page
      .getByRole("region", { name: "Summary" })
      .screenshot({ path: path.join(RESULTS, "summary-learned.png") });
    await page.screenshot({ path: path.join(RESULTS, "workbench-learned.png") });
    expect(browser.problems).to.deep.equal([]);
  });
});
