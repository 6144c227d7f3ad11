// What the end-to-end tests share: dist/ served over plain http on localhost, Debian's chromium launched headless
// with a fresh profile (recording every request, console error and CSP refusal), and axe-core injected into a page.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const ROOT = path.resolve(__dirname, "../..");
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, "dist"));
export const RESULTS = path.join(ROOT, "test-results");
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

/** dist/ over http; the examples come from dist/examples, or from examples/ when the build did not copy them. */
export function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "") || "workbench.html";
    const inside = (dir: string, f: string) =>
      f.startsWith(dir + path.sep) && existsSync(f) && statSync(f).isFile();
    // dist/ and nothing else: what the build leaves out (the example) is missing here too.
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

export interface Browser {
  context: BrowserContext;
  page: Page;
  requests: string[];
  /** Console errors, uncaught page errors and failed responses. */
  problems: string[];
  close(): Promise<void>;
}

/** office.js, finding no Office host, tries to frame Microsoft's telemetry page: the page's CSP blocks it. */
export const TELEMETRY_FRAME = "frame-src https://telemetryservice.firstpartyapps.oaspapps.com";

export async function launch(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  if (!existsSync(path.join(DIST, "workbench.html")))
    throw new Error(`${DIST}/workbench.html missing: npm run build`);
  mkdirSync(RESULTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), "oq-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage", // a container's small /dev/shm must not crash a tall page's renderer
    ],
  });
  const requests: string[] = [];
  const problems: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  // Every Content-Security-Policy refusal (an eval attempt, a foreign script or frame) is recorded by the page.
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  page.on("console", (m) => {
    // The telemetry frame refusal (see TELEMETRY_FRAME) is the CSP doing its job: no request is made.
    if (
      m.type() === "error" &&
      !/^Framing 'https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/' violates/.test(m.text())
    )
      problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("crash", () => problems.push("the page crashed"));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  return {
    context,
    page,
    requests,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * After a failed test: what the page showed (the task pane's text, a screenshot in test-results/) and what it
 * logged, printed with the failure, so a run on another machine says why it failed, not only where.
 */
export async function explainFailure(
  test: Mocha.Test | undefined,
  browser: Browser | undefined,
): Promise<void> {
  // A try that will be tried again has no state yet; a passed one is "passed".
  if (!test || test.state === "passed" || !browser) return;
  const file = path.join(RESULTS, `failed-${test.title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.png`);
  await browser.page.screenshot({ path: file, timeout: 5000 }).catch(() => undefined);
  const pane = await browser.page
    .locator('aside[aria-label="Task pane"]')
    .innerText({ timeout: 5000 })
    .catch((e: unknown) => `(the pane could not be read: ${String(e)})`);
  console.log(
    `\n--- the task pane when "${test.title}" failed (screenshot ${file}) ---\n${pane}\n` +
      `--- what the page logged: ${JSON.stringify(browser.problems)}\n`,
  );
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** Rules the workbench once broke (headings, landmarks, a grid out of keyboard reach): held at any impact. */
const WATCHED = /^(heading-order|page-has-heading-one|landmark-.*|region|scrollable-region-focusable)$/;

/**
 * Runs axe-core (WCAG 2.x A and AA rules, best practices) on the page and returns the serious and critical
 * violations, and any of the WATCHED rules. axe is injected through the DevTools protocol, which the page's CSP
 * does not govern, so the page keeps its policy.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    // Fluent's focus manager (Tabster) puts hidden, focusable <i data-tabster-dummy> guards around focus groups
    // on purpose: they hand focus on and are never announced. axe flags them (aria-hidden-focus); leave them out.
    const result = await axe.run(
      { include: [document], exclude: [["[data-tabster-dummy]"]] },
      {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      },
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || WATCHED.test(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Whether an element's content is wider than its box: what would make the user scroll sideways. */
export async function overflowsSideways(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) =>
    els
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}[${el.getAttribute("aria-label") ?? el.className}] ${el.scrollWidth} > ${el.clientWidth}`,
      ),
  );
}
