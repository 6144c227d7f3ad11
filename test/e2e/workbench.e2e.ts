// End to end: Debian's chromium, driven by playwright-core, uses the built workbench (dist/) served over plain http
// on localhost — open the example, check the detected mapping, qualify, filter, change a weight and re-qualify,
// download the workbook and read it with ExcelJS — and no request may leave the page's origin.
// Run with `npm run e2e` (builds first). Screenshots go to test-results/.
import { expect } from "chai";
import ExcelJS from "exceljs";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
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

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, "dist"));
const RESULTS = path.join(ROOT, "test-results");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".txt": "text/plain",
  ".css": "text/css",
  ".csv": "text/csv",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** dist/ over http, and nothing else: what the build leaves out (the example) is missing here too. */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "workbench.html";
    const inside = (dir: string, f: string) =>
      f.startsWith(dir + path.sep) && existsSync(f) && statSync(f).isFile();
    const wanted = path.join(DIST, rel);
    const file = inside(DIST, wanted) ? wanted : undefined;
    if (!file) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

interface Expected {
  headers: Cell[];
  rows: Cell[][];
  results: (OutputRow | null)[]; // the engine's six outputs per row, null for an empty row
}

function expected(model: ScoringModel): Expected {
  const table = readWorkbookTable(new Uint8Array(readFileSync(path.join(ROOT, "examples/pipeline.xlsx"))));
  const { results } = qualifyTable(table, { model, asOf: todaySerial(new Date()), detail: "rationale" });
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
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const requests: string[] = [];
  const problems: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
    if (!existsSync(path.join(DIST, "workbench.html")))
      throw new Error(`${DIST}/workbench.html missing: npm run build`);
    mkdirSync(RESULTS, { recursive: true });
    ({ server, origin } = await serve());
    profile = mkdtempSync(path.join(tmpdir(), "oq-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.on("request", (r) => requests.push(r.url()));
    page = context.pages()[0] ?? (await context.newPage());
    // Every Content-Security-Policy refusal (an eval attempt, a foreign script or frame) is recorded by the page.
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
      );
    });
    page.on("console", (m) => {
      // office.js, finding no Office host, tries to frame Microsoft's telemetry page: the page's CSP blocks it
      // (that is the CSP doing its job, and no request is made), so that one report is expected.
      if (
        m.type() === "error" &&
        !/^Framing 'https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/' violates/.test(m.text())
      )
        problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
  });

  after(async () => {
    await context?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
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
      const select = page.getByRole("combobox", { name: `Column for ${fieldLabel(field)}`, exact: true });
      expect(await select.inputValue(), field).to.equal(String(column));
    }
    expect(await page.getByRole("table", { name: "Preview" }).locator("tbody tr").count()).to.be.greaterThan(
      0,
    );
    await page.screenshot({ path: path.join(RESULTS, "workbench-detected.png") });
  });

  it("qualifies: the summary matches the engine and the grid shows the new columns", async () => {
    await page.getByRole("button", { name: "Qualify", exact: true }).click();
    await page.getByText(/^Qualified \d+ opportunities/).waitFor();
    const e = expected(defaultModel);
    expect(await totals(page)).to.deep.include({
      Qualified: countOf(e, "Qualified"),
      Conditional: countOf(e, "Conditional"),
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
    const box = page.getByRole("textbox", { name: "weights.financing" });
    await box.fill("abc");
    await page.getByText(/expected number/).waitFor(); // the error sits beside the setting
    await box.fill("40");
    await page.getByRole("button", { name: "Save model and re-qualify" }).click();
    await page.getByText("Stored in the workbook's Qualification Model sheet.").waitFor();
    await page.getByText(/^Qualified \d+ opportunities/).waitFor();
    const model = applySettings(defaultModel, [["weights.financing", 40]]);
    const e = expected(model);
    expect(await totals(page)).to.deep.include({
      Qualified: countOf(e, "Qualified"),
      Conditional: countOf(e, "Conditional"),
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
      expect(cells, `row ${r + 2}`).to.deep.equal(a ?? OUTPUT_COLUMNS.map(() => null));
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
    expect(await page.getByRole("toolbar", { name: "Workbook" }).innerText()).to.contain("pipeline.xlsx");
    await page.getByRole("grid", { name: "Sheet Pipeline" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, "workbench-refused.png") });
  });

  it("made no request beyond its own origin, attempted no eval, and logged no errors", async () => {
    const foreign = requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:"),
    );
    expect(foreign).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    const refused = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    // Only office.js's telemetry frame (see the console filter above) may be refused.
    const telemetry = "frame-src https://telemetryservice.firstpartyapps.oaspapps.com";
    expect(refused.filter((v) => !v.startsWith(telemetry))).to.deep.equal([]);
  });
});

async function expectRowCount(grid: ReturnType<Page["getByRole"]>, n: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (Number(await grid.getAttribute("aria-rowcount")) === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(Number(await grid.getAttribute("aria-rowcount"))).to.equal(n);
}
