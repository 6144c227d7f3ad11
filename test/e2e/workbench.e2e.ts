// End to end: Debian's chromium, driven by playwright-core, uses the built workbench (dist/) served over plain http
// on localhost — open the example, check the detected mapping, qualify, filter, change a weight and re-qualify,
// download the workbook and read it with ExcelJS — and no request may leave the page's origin.
// Run with `npm run e2e` (builds first). Screenshots go to test-results/.
import { expect } from "chai";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import type { Page } from "playwright-core";
import { readWorkbookTable } from "../files/adapter";
import {
  OUTPUT_COLUMNS,
  applySettings,
  defaultModel,
  fieldLabel,
  matchHeaders,
  modelToSettings,
  outputRowAt,
  qualifyTable,
  todaySerial,
  type Cell,
  type OutputRow,
  type ScoringModel,
} from "../../src/model";
import {
  RESULTS,
  ROOT,
  TELEMETRY_FRAME,
  launch,
  seriousViolations,
  serve,
  type Browser,
  explainFailure,
} from "./support";

interface Expected {
  headers: Cell[];
  rows: Cell[][];
  results: (OutputRow | null)[]; // the engine's six outputs per row, null for an empty row
}

function expected(model: ScoringModel): Expected {
  const table = readWorkbookTable(new Uint8Array(readFileSync(path.join(ROOT, "examples/pipeline.xlsx"))));
  const { results } = qualifyTable(table, {
    model,
    asOf: todaySerial(new Date()),
    detail: "rationale",
    counterfactual: true, // the Next step column
  });
  return {
    headers: table.headers,
    rows: table.rows,
    results: table.rows.map((_, i) => outputRowAt(results, i)),
  };
}

const countOf = (e: Expected, verdict: string) => e.results.filter((r) => r?.[0] === verdict).length;

async function totals(page: Page): Promise<Record<string, number>> {
  const rows = page.getByRole("table", { name: "Verdict totals" }).locator("tbody tr");
  const out: Record<string, number> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator("td");
    out[(await cells.nth(0).innerText()).trim()] = Number((await cells.nth(1).innerText()).replace(/,/g, ""));
  }
  return out;
}

describe("workbench end to end (chromium)", function () {
  this.timeout(180_000);
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;

  before(async function () {
    ({ server, origin } = await serve());
    browser = await launch();
    page = browser.page;
  });

  afterEach(async function () {
    await explainFailure(this.currentTest, browser);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it("opens the bundled example and shows the detected table and mapping", async () => {
    await page.goto(`${origin}/workbench.html`);
    await page.getByTestId("detected-table").waitFor();
    expect(await page.getByTestId("detected-table").innerText()).to.match(
      /Table Pipeline on Pipeline .* \d+ rows/,
    );
    const e = expected(defaultModel);
    const mapping = matchHeaders(e.headers);
    for (const [field, column] of Object.entries(mapping.columns)) {
      // The select's accessible name is the field's visible label.
      const select = page.getByRole("combobox", { name: fieldLabel(field), exact: true });
      expect(await select.inputValue(), field).to.equal(String(column));
    }
    expect(await page.getByRole("table", { name: "Preview" }).locator("tbody tr").count()).to.be.greaterThan(
      0,
    );
    await page.screenshot({ path: path.join(RESULTS, "workbench-detected.png") });
  });

  it("qualifies: the summary matches the engine and the grid shows the new columns", async () => {
    await page.getByRole("button", { name: "Qualify", exact: true }).click();
    await page
      .getByText(
        /^Assessed \d+ opportunities: \d+ qualified, \d+ conditional, \d+ needs? information, \d+ not qualified\.$/,
      )
      .waitFor();
    const e = expected(defaultModel);
    expect(await totals(page)).to.deep.include({
      Qualified: countOf(e, "Qualified"),
      Conditional: countOf(e, "Conditional"),
      "Needs information": countOf(e, "Needs information"),
      "Not qualified": countOf(e, "Not qualified"),
    });
    const grid = page.getByRole("grid", { name: "Sheet Pipeline" });
    for (const header of OUTPUT_COLUMNS)
      await grid.getByRole("columnheader", { name: header, exact: true }).waitFor();
    const first = page.getByRole("list", { name: "Opportunities to look at" }).getByRole("button").first();
    const id = /\((OPP-\d+)\)/.exec(await first.innerText())![1];
    await first.click();
    const selected = grid.locator('[aria-selected="true"]');
    expect(await selected.count()).to.equal(1);
    expect(await selected.innerText(), "the row of the opportunity chosen").to.contain(id);
    // Clicking a row of the grid selects that very row (it was the row above).
    await grid.evaluate((el) => (el.scrollTop = 0));
    const other = String(e.rows[2][0]);
    expect(other).to.match(/^OPP-/).and.not.equal(id);
    await grid.getByRole("row").filter({ hasText: other }).click();
    await grid.locator('[aria-selected="true"]', { hasText: other }).waitFor();
    expect(await selected.count()).to.equal(1);
    expect(await selected.innerText(), "the row clicked").to.contain(other);
    // Scrolled to the new columns, as a user would look at them.
    await grid.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await page.screenshot({ path: path.join(RESULTS, "workbench-qualified.png") });
    await page
      .getByRole("complementary", { name: "Task pane" })
      .screenshot({ path: path.join(RESULTS, "taskpane.png") });
  });

  it('"Qualified only" filters the rows on Verdict and "Show all" brings them back', async () => {
    const e = expected(defaultModel);
    const grid = page.getByRole("grid", { name: "Sheet Pipeline" });
    await page.getByRole("button", { name: "Qualified only" }).click();
    await expectRowCount(grid, countOf(e, "Qualified") + 2);
    await page.screenshot({ path: path.join(RESULTS, "workbench-filtered.png") });
    await page.getByRole("button", { name: "Show all" }).click();
    await expectRowCount(grid, e.rows.length + 2);
  });

  it("changes a weight in the model panel, re-qualifies, and the downloaded workbook holds the new results", async () => {
    await page.getByRole("button", { name: "Scoring model" }).click();
    const box = page.getByRole("textbox", { name: fieldLabel("financing"), exact: true });
    await box.fill("abc");
    await page.getByText("Enter a number, 0 or more").waitFor(); // the error sits beside the setting
    await box.fill("40");
    await page.getByRole("button", { name: "Save model and re-qualify" }).click();
    await page.getByText("Stored in the workbook's Qualification Model sheet.").waitFor();
    await page
      .getByText(
        /^Assessed \d+ opportunities: \d+ qualified, \d+ conditional, \d+ needs? information, \d+ not qualified\.$/,
      )
      .waitFor();
    const model = applySettings(defaultModel, [["weights.financing", 40]]);
    const e = expected(model);
    expect(await totals(page)).to.deep.include({
      Qualified: countOf(e, "Qualified"),
      Conditional: countOf(e, "Conditional"),
      "Needs information": countOf(e, "Needs information"),
      "Not qualified": countOf(e, "Not qualified"),
    });
    await page
      .getByRole("complementary", { name: "Task pane" })
      .screenshot({ path: path.join(RESULTS, "taskpane-model.png") });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download workbook" }).click(),
    ]);
    const file = path.join(RESULTS, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("Pipeline")!;
    const width = e.headers.length;
    const header = OUTPUT_COLUMNS.map((_, i) => ws.getCell(1, width + 1 + i).value);
    expect(header).to.deep.equal([...OUTPUT_COLUMNS]);
    e.results.forEach((a, r) => {
      const cells = OUTPUT_COLUMNS.map((_, i) => ws.getCell(r + 2, width + 1 + i).value ?? null);
      // An empty text (no verdict for a closed deal, no next step) is no value when read back.
      const want = (a ?? OUTPUT_COLUMNS.map(() => null)).map((v) => (v === "" ? null : v));
      expect(cells, `row ${r + 2}`).to.deep.equal(want);
    });
    const stored = wb.getWorksheet("Qualification Model")!;
    const settings = new Map<string, unknown>();
    stored.eachRow((row) => settings.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(settings.get("weights.financing")).to.equal(40);
    expect(settings.size).to.equal(modelToSettings(model).length + 1);
    expect(wb.getWorksheet("Notes"), "other sheets survive").to.not.equal(undefined);
  });

  it("refuses a file of random bytes named .xlsx with a message bar, and keeps the open workbook", async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    await page
      .getByLabel("Open workbook file")
      .setInputFiles({ name: "random.xlsx", mimeType: "application/octet-stream", buffer: garbage });
    const bar = page.getByText("Could not open random.xlsx: not an xlsx workbook (not a zip package)");
    await bar.waitFor();
    expect(await page.getByRole("banner").innerText()).to.contain("pipeline.xlsx");
    await page.getByRole("grid", { name: "Sheet Pipeline" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, "workbench-refused.png") });
  });

  it("keeps the header row in view, and the grid can be reached and scrolled by keyboard", async () => {
    const grid = page.getByRole("grid", { name: "Sheet Pipeline" });
    await grid.evaluate((el) => (el.scrollTop = 0));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let focused = "";
    for (let i = 0; i < 12 && focused !== "grid"; i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.getAttribute("role") ?? "");
    }
    expect(focused, "Tab reaches the grid").to.equal("grid");
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageDown");
    // The browser scrolls smoothly: wait until the grid has come to rest.
    let scrolled = -1;
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const now = await grid.evaluate((el) => el.scrollTop);
      if (now === scrolled && now > 0) break;
      scrolled = now;
    }
    expect(scrolled).to.be.greaterThan(100);
    // The table's header row is still right under the column letters, at the top of the grid.
    const header = grid.getByRole("columnheader", { name: "Opportunity ID", exact: true });
    const [gridBox, headerBox] = [await grid.boundingBox(), await header.boundingBox()];
    expect(Math.round(headerBox!.y - gridBox!.y)).to.equal(22);
    await page.screenshot({ path: path.join(RESULTS, "workbench-scrolled.png") });
  });

  it("shows a file it cannot open in a message bar that can be dismissed", async () => {
    await page.locator('input[type="file"]').setInputFiles({
      name: "broken.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      // A zip's signature with nothing sound behind it (text without one would be read as CSV).
      buffer: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 7)]),
    });
    const alert = page.getByRole("alert").filter({ hasText: "broken.xlsx" });
    await alert.waitFor();
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await alert.waitFor({ state: "detached" });
    // The workbook that was open stays open.
    await page.getByRole("grid", { name: "Sheet Pipeline" }).waitFor();
  });

  it("has no serious or critical accessibility violations (axe-core)", async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it("made no request beyond its own origin, attempted no eval, and logged no errors", async () => {
    const foreign = browser.requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:"),
    );
    expect(foreign).to.deep.equal([]);
    expect(browser.problems).to.deep.equal([]);
    const refused = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    // Only office.js's telemetry frame may be refused.
    expect(refused.filter((v) => !v.startsWith(TELEMETRY_FRAME))).to.deep.equal([]);
    // The workbench loaded its local office.js (the add-in pages take the CDN's; see test/functions/build.test.ts).
    expect(browser.requests.some((u) => u === `${origin}/office-js/office.js`)).to.equal(true);
  });
});

async function expectRowCount(grid: ReturnType<Page["getByRole"]>, n: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (Number(await grid.getAttribute("aria-rowcount")) === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(Number(await grid.getAttribute("aria-rowcount"))).to.equal(n);
}
