// What the build hands to Excel: functions.json as Excel reads it, a functions.js that carries the engine and
// nothing of the UI, the task pane page that hosts the functions in the shared runtime with a local office.js,
// and the manifest, icons and help pages. The task pane and workbench join the build only when they exist.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildOnce, loadFunctions, ROOT } from "../../scripts/functions-bundle";
import { DETAILS } from "../../src/functions/detail";

interface Parameter {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
}
interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: Parameter[];
  result: { dimensionality?: string; type?: string };
}

describe("the add-in build", function () {
  let dir: string;
  let metadata: { allowCustomDataForDataTypeAny?: boolean; functions: FunctionMetadata[] };

  before(async function () {
    dir = await buildOnce();
    metadata = JSON.parse(readFileSync(join(dir, "functions.json"), "utf8"));
  });

  describe("functions.json", function () {
    const byId = (id: string) => metadata.functions.find((f) => f.id === id)!;

    it("declares QUALIFY, RISKSCORE and EFFORT, the same ids functions.js associates", function () {
      const ids = metadata.functions.map((f) => f.id);
      expect(ids).to.deep.equal(["QUALIFY", "RISKSCORE", "EFFORT"]);
      expect(metadata.functions.map((f) => f.name)).to.deep.equal(ids);
      expect(loadFunctions(dir).associateCalls).to.deep.equal(ids);
    });

    it("describes every function and every parameter for IntelliSense", function () {
      for (const f of metadata.functions) {
        expect(f.description, f.id).to.be.a("string").with.length.greaterThan(20);
        for (const p of f.parameters) {
          expect(p.description, `${f.id}(${p.name})`).to.be.a("string").with.length.greaterThan(10);
        }
      }
    });

    it("points each function's help to its section of the served help page", function () {
      const page = readFileSync(join(dir, "help/functions.html"), "utf8");
      for (const f of metadata.functions) {
        const url = new URL(f.helpUrl ?? "");
        expect(url.origin).to.equal("https://localhost:3000");
        expect(url.pathname).to.equal("/help/functions.html");
        expect(page).to.contain(`id="${url.hash.slice(1)}"`);
      }
    });

    it("takes matrices in and spills a matrix out; only the first argument is required", function () {
      expect(
        byId("QUALIFY").parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false]),
      ).to.deep.equal([
        ["opportunity", "matrix", false],
        ["headers", "matrix", true],
        ["detail", "scalar", true],
        ["model", "matrix", true],
      ]);
      expect(byId("QUALIFY").parameters[2].type).to.equal("string");
      for (const id of ["RISKSCORE", "EFFORT"]) {
        expect(byId(id).parameters.map((p) => [p.name, p.dimensionality, p.optional ?? false])).to.deep.equal(
          [
            ["opportunity", "matrix", false],
            ["headers", "matrix", true],
            ["model", "matrix", true],
          ],
        );
      }
      for (const f of metadata.functions) expect(f.result.dimensionality, f.id).to.equal("matrix");
    });

    it("offers QUALIFY's detail words as a custom enum (AutoComplete), the same words the function accepts", function () {
      const enums = (
        metadata as unknown as { enums: { id: string; type: string; values: { stringValue: string }[] }[] }
      ).enums;
      expect(enums.map((e) => [e.id, e.type])).to.deep.equal([["Detail", "string"]]);
      expect(enums[0].values.map((v) => v.stringValue)).to.deep.equal(DETAILS);
      const detail = byId("QUALIFY").parameters[2] as Parameter & { customEnumId?: string };
      expect(detail.customEnumId).to.equal("Detail");
    });

    it("allows data types in and out (the card's entity values)", function () {
      expect(metadata.allowCustomDataForDataTypeAny).to.equal(true);
    });
  });

  describe("functions.js", function () {
    let code: string;
    before(function () {
      code = readFileSync(join(dir, "functions.js"), "utf8");
    });

    it("contains the engine but neither React nor Fluent UI", function () {
      expect(code).to.contain("No opportunity fields found");
      expect(code).to.contain("Wholly bespoke");
      expect(code).not.to.match(
        /react\.(production|development)|__CLIENT_INTERNALS|ReactCurrentOwner|@fluentui|fui-FluentProvider/i,
      );
    });

    it("needs no eval: a separate source map, no eval-wrapped modules", function () {
      expect(code).not.to.contain("eval(");
      expect(code).to.match(/\/\/# sourceMappingURL=functions\.js\.map\s*$/);
      expect(existsSync(join(dir, "functions.js.map"))).to.equal(true);
    });
  });

  describe("pages and files", function () {
    it("taskpane.html loads office.js from Microsoft's CDN before functions.js, and its CSP allows that origin only", function () {
      const html = readFileSync(join(dir, "taskpane.html"), "utf8");
      const office = html.search(/src="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
      const functions = html.search(/src="?functions\.js/);
      expect(office, "office.js tag").to.be.greaterThan(-1);
      expect(functions, "functions.js tag").to.be.greaterThan(office);
      const csp = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"));
      expect(scriptSrc?.trim()).to.equal("script-src 'self' https://appsforoffice.microsoft.com");
      // No local copy is shipped for the add-in pages (the build without the workbench has none at all).
      expect(existsSync(join(dir, "office-js"))).to.equal(false);
    });

    it("copies the manifest unchanged, the icons it names and the help page", function () {
      expect(readFileSync(join(dir, "manifest.xml"), "utf8")).to.equal(
        readFileSync(join(ROOT, "manifest.xml"), "utf8"),
      );
      for (const size of [16, 32, 64, 80]) {
        const png = readFileSync(join(dir, `assets/icon-${size}.png`));
        expect(png.subarray(1, 4).toString()).to.equal("PNG");
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([size, size]);
      }
      expect(existsSync(join(dir, "help/functions.html"))).to.equal(true);
    });
  });

  describe("webpack.config.js", function () {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const makeConfig = require(join(ROOT, "webpack.config.js")) as (
      env: object,
      argv: object,
    ) => { entry: Record<string, string>; devtool: string; output: { path: string } };

    it("adds the task pane and workbench entries exactly when their sources exist", function () {
      const entries = Object.keys(makeConfig({}, { mode: "production" }).entry);
      const has = (dir: string, html: string) =>
        existsSync(join(ROOT, `src/${dir}/index.tsx`)) && existsSync(join(ROOT, `src/${dir}/${html}`));
      expect(entries.includes("taskpane")).to.equal(has("taskpane", "taskpane.html"));
      expect(entries.includes("workbench")).to.equal(has("workbench", "workbench.html"));
      expect(entries[0]).to.equal("functions");
      expect(Object.keys(makeConfig({ noUi: true }, {}).entry)).to.deep.equal(["functions"]);
    });

    it("copies the local office.js (host scripts, locale strings) only for the workbench", function () {
      const officeTargets = (env: object) => {
        const config = makeConfig(env, { mode: "production" }) as unknown as {
          plugins: { patterns?: { from: string; to?: string }[] }[];
        };
        const copy = config.plugins.find((p) => Array.isArray(p.patterns))!;
        return copy.patterns!.filter((p) => p.to === "office-js/").map((p) => p.from);
      };
      const hasWorkbench = existsSync(join(ROOT, "src/workbench/index.tsx"));
      expect(officeTargets({}).length).to.equal(hasWorkbench ? 3 : 0);
      if (hasWorkbench) expect(officeTargets({})[0]).to.contain("excel*.js");
      expect(officeTargets({ noUi: true })).to.deep.equal([]);
    });

    it("builds into dist/ with separate source maps in both modes", function () {
      for (const mode of ["production", "development"]) {
        const config = makeConfig({}, { mode });
        expect(config.devtool).to.equal("source-map");
        expect(config.output.path).to.equal(join(ROOT, "dist"));
      }
    });
  });
});
