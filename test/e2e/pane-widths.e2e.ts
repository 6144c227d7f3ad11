// The task pane at Excel's default widths (320 and 350 px) and in the dark theme, in the workbench: every section
// (table, mapping, scoring model with everything unfolded, preview, summary) fits without sideways scrolling,
// the dark theme really is dark, and axe-core finds no serious or critical violation. Screenshots of each go to
// test-results/ (taskpane-320.png, taskpane-350.png, taskpane-320-dark.png).
import { expect } from "chai";
import type { Server } from "node:http";
import path from "node:path";
import type { Page } from "playwright-core";
import {
  RESULTS,
  launch,
  overflowsSideways,
  seriousViolations,
  serve,
  type Browser,
  explainFailure,
} from "./support";

/** Everything in the pane that could be wider than the pane. */
const PANE_PARTS = [
  'aside[aria-label="Task pane"]',
  'aside[aria-label="Task pane"] section',
  'aside[aria-label="Task pane"] fieldset',
  'aside[aria-label="Task pane"] ul',
  'aside[aria-label="Task pane"] table',
  'aside[aria-label="Task pane"] details',
].join(", ");

async function sideways(page: Page): Promise<string[]> {
  return overflowsSideways(page, PANE_PARTS);
}

/** WCAG relative luminance of a computed "rgb(r, g, b)" colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => {
    const c = Number(x) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

for (const { width, theme } of [
  { width: 320, theme: "light" },
  { width: 350, theme: "light" },
  { width: 320, theme: "dark" },
]) {
  const name = `taskpane-${width}${theme === "dark" ? "-dark" : ""}`;
  describe(`the task pane at ${width} px, ${theme} theme (chromium)`, function () {
    this.timeout(180_000);
    let server: Server;
    let origin: string;
    let browser: Browser;
    let page: Page;
    const pane = () => page.getByRole("complementary", { name: "Task pane" });

    before(async function () {
      ({ server, origin } = await serve());
      browser = await launch({ width: 1100, height: 1000 });
      page = browser.page;
      await page.goto(`${origin}/workbench.html?pane=${width}&theme=${theme}`);
      await page.getByTestId("detected-table").waitFor();
    });

    afterEach(async function () {
      await explainFailure(this.currentTest, browser);
    });

    after(async () => {
      await browser?.close();
      server?.close();
    });

    it(`is ${width} px wide, and the table, mapping and preview fit without sideways scrolling`, async () => {
      expect(Math.round((await pane().boundingBox())!.width)).to.equal(width);
      await page.getByRole("list", { name: "Column mapping" }).waitFor();
      await page.getByRole("table", { name: "Preview" }).waitFor();
      expect(await sideways(page)).to.deep.equal([]);
      await pane().screenshot({ path: path.join(RESULTS, `${name}-mapping.png`) });
    });

    it("fits the scoring model, every setting unfolded, and its problems", async () => {
      await page.getByRole("button", { name: "Scoring model" }).click();
      await page.getByText(/^More settings: value curves/).click();
      const minScore = page.getByRole("textbox", { name: "Minimum score to qualify", exact: true });
      await minScore.fill("lots");
      await page.getByText("Enter a number between 0 and 100").waitFor();
      expect(await sideways(page)).to.deep.equal([]);
      await pane().screenshot({ path: path.join(RESULTS, `${name}-model.png`) });
      // Every field is named by its visible label: a <label> tied to it, and no aria-label saying otherwise
      // (the table picker has no visible label: its first option says what it does).
      const misnamed = await pane().evaluate((el) =>
        [...el.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")]
          .filter((c) => c.getClientRects().length > 0)
          .filter((c) => {
            const aria = c.getAttribute("aria-label");
            if (aria !== null) return aria !== "Use another table";
            const labels = [...(c.labels ?? [])].map((l) => l.textContent?.trim() ?? "");
            return labels.length !== 1 || labels[0] === "";
          })
          .map((c) => c.outerHTML.slice(0, 120)),
      );
      expect(misnamed).to.deep.equal([]);
      const controls = await pane().evaluate((el) => el.querySelectorAll("input, select").length);
      expect(controls).to.be.greaterThan(100); // the mapping's selects and every model setting
      await page.getByRole("button", { name: "Reset to default" }).click();
      await page.getByText(/^More settings: value curves/).click(); // fold it again
      await page.getByRole("button", { name: "Scoring model" }).click();
    });

    it("fits the summary after qualifying", async () => {
      await page.getByRole("button", { name: "Qualify", exact: true }).click();
      await page.getByText(/^Assessed \d+ opportunities/).waitFor();
      await page.getByRole("list", { name: "Opportunities to look at" }).waitFor();
      expect(await sideways(page)).to.deep.equal([]);
      await pane().screenshot({ path: path.join(RESULTS, `${name}.png`) });
      await page.screenshot({ path: path.join(RESULTS, `workbench-${name}.png`) });
    });

    if (theme === "dark") {
      it("is dark: light text on a dark background, in the pane and its chart", async () => {
        const colours = await pane().evaluate((el) => {
          const style = getComputedStyle(el);
          const label = el.querySelector("svg text");
          return {
            background: style.backgroundColor,
            text: style.color,
            chartText: label ? getComputedStyle(label).fill : "",
          };
        });
        expect(luminance(colours.background)).to.be.lessThan(0.05);
        expect(luminance(colours.text)).to.be.greaterThan(0.8);
        expect(luminance(colours.chartText)).to.be.greaterThan(0.8);
      });
    }

    it("has no serious or critical accessibility violations (axe-core)", async () => {
      expect(await seriousViolations(page)).to.deep.equal([]);
    });

    it("logged no errors", async () => {
      expect(browser.problems).to.deep.equal([]);
    });
  });
}
