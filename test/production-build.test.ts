// A production build for a real address (`npm run build -- --env urlProd=...` or ADDIN_URL): the manifest and
// functions.json it writes name that address everywhere and the development server nowhere, and the manifest
// passes the offline structural check; builds without an address (and development builds) keep localhost.
import { expect } from "chai";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";
import { buildOnce, ROOT } from "../scripts/functions-bundle";
import { checkManifest } from "../scripts/manifest-check";
import { DEV_URL, localFiles } from "../scripts/manifest-files";

const PROD = "https://addins.example.org/opportunity-qualifier/";

type Config = webpack.Configuration & { plugins: { constructor: { name: string } }[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require(join(ROOT, "webpack.config.js")) as (env: object, argv: object) => Config;

function build(env: Record<string, unknown>): Promise<string> {
  return new Promise((done, fail) => {
    webpack(makeConfig(env, { mode: "production" }), (err, stats) => {
      if (err) return fail(err);
      if (!stats || stats.hasErrors()) return fail(new Error(stats?.toString({ all: false, errors: true })));
      done(String(env.outDir));
    });
  });
}

/** Every absolute URL in a text: attribute values, JSON strings. */
const urlsIn = (text: string): string[] => [...text.matchAll(/https?:\/\/[^"'\s<>]+/g)].map((m) => m[0]);

const XML_NAMESPACES = /^http:\/\/schemas\.microsoft\.com\/|^http:\/\/www\.w3\.org\//;

describe("the production build (urlProd)", function () {
  this.timeout(300_000);
  let prodDir: string;
  let devDir: string;

  before(async function () {
    devDir = await buildOnce();
    prodDir = join(ROOT, `.tmp/production-dist-${process.pid}`);
    await build({ noUi: true, outDir: prodDir, urlProd: PROD });
  });
  after(() => rmSync(prodDir, { recursive: true, force: true }));

  const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

  it("names the production address in every manifest URL, SupportUrl included, and localhost nowhere", function () {
    const xml = read(prodDir, "manifest.xml");
    expect(xml).not.to.contain("localhost");
    const urls = urlsIn(xml).filter((u) => !XML_NAMESPACES.test(u));
    expect(urls.length).to.equal(11);
    for (const url of urls) expect(url.startsWith(PROD), url).to.equal(true);
    expect(xml).to.contain(`<SupportUrl DefaultValue="${PROD}help/functions.html"/>`);
    expect(xml).to.contain(`<SourceLocation DefaultValue="${PROD}taskpane.html"/>`);
    // Only the address changed: the development manifest, rewritten by hand, is the same text.
    expect(xml).to.equal(read(ROOT, "manifest.xml").split(DEV_URL).join(PROD));
  });

  it("points each function's help at the production help page", function () {
    const json = read(prodDir, "functions.json");
    expect(json).not.to.contain("localhost");
    const helpUrls = (JSON.parse(json).functions as { helpUrl: string }[]).map((f) => f.helpUrl);
    expect(helpUrls).to.deep.equal([
      `${PROD}help/functions.html#qualify`,
      `${PROD}help/functions.html#riskscore`,
      `${PROD}help/functions.html#effort`,
    ]);
  });

  it("passes the offline structural check, every URL served from the address, every file in the build", function () {
    const xml = read(prodDir, "manifest.xml");
    const report = checkManifest(xml, { fileExists: localFiles(ROOT, prodDir, PROD), baseUrl: PROD });
    expect(report.problems).to.deep.equal([]);
    expect(report.summary.runtime).to.equal(`${PROD}taskpane.html`);
    // The same check catches a manifest left pointing at the development server, and a file not built.
    const dev = checkManifest(read(devDir, "manifest.xml"), { baseUrl: PROD }).problems;
    expect(dev).to.have.length(11);
    expect(dev).to.include(
      `<SupportUrl> is not served from ${PROD}: "https://localhost:3000/help/functions.html".`,
    );
    const missing = checkManifest(xml.replace("functions.json", "functionz.json"), {
      fileExists: localFiles(ROOT, prodDir, PROD),
    }).problems;
    expect(missing).to.deep.equal([
      `resource "Functions.Metadata.Url" points to a missing file: ${PROD}functionz.json.`,
    ]);
  });

  it("keeps the development server in a build without an address", function () {
    expect(read(devDir, "manifest.xml")).to.equal(read(ROOT, "manifest.xml"));
    for (const f of JSON.parse(read(devDir, "functions.json")).functions as { helpUrl: string }[])
      expect(f.helpUrl.startsWith(`${DEV_URL}help/functions.html#`), f.helpUrl).to.equal(true);
  });

  describe("webpack.config.js", function () {
    const rewrites = (config: Config) =>
      config.plugins.some((p) => p?.constructor.name === "UrlRewritePlugin");
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.ADDIN_URL;
      delete process.env.ADDIN_URL;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.ADDIN_URL;
      else process.env.ADDIN_URL = saved;
    });

    it("rewrites in production builds given urlProd or ADDIN_URL, never in development builds", function () {
      expect(rewrites(makeConfig({}, { mode: "production" }))).to.equal(false);
      expect(rewrites(makeConfig({ urlProd: PROD }, { mode: "production" }))).to.equal(true);
      expect(rewrites(makeConfig({ urlProd: PROD }, { mode: "development" }))).to.equal(false);
      process.env.ADDIN_URL = PROD;
      expect(rewrites(makeConfig({}, { mode: "production" }))).to.equal(true);
      expect(rewrites(makeConfig({}, { mode: "development" }))).to.equal(false);
    });

    it("refuses an address Office could not load from, saying why", function () {
      expect(() => makeConfig({ urlProd: "http://addins.example.org/" }, {})).to.throw(/must use https/);
      expect(() => makeConfig({ urlProd: "addins.example.org" }, {})).to.throw(/is not a URL/);
      expect(() => makeConfig({ urlProd: "https://addins.example.org/?v=1" }, {})).to.throw(
        /without \? or #/,
      );
    });

    it("adds the missing trailing slash, so paths join as a folder", function () {
      const config = makeConfig({ urlProd: PROD.slice(0, -1) }, { mode: "production" });
      const plugin = config.plugins.find((p) => p?.constructor.name === "UrlRewritePlugin") as unknown as {
        to: string;
      };
      expect(plugin.to).to.equal(PROD);
    });
  });
});
