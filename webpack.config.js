// Builds the add-in into dist/: the custom functions (functions.js + functions.json), the task pane page that
// hosts them in the shared runtime, the workbench page (with the example it opens and a local office.js), the
// manifest, icons, help pages.
// The task pane and workbench entries join only when their sources exist, so each can be built on its own.
// Options (webpack --env): outDir=<dir> builds elsewhere (tests); noUi builds without task pane and workbench;
// urlProd=https://host/path/ (or the ADDIN_URL variable) is where a production build will be served: every URL
// in the manifest and functions.json then names it instead of the development server.
const fs = require("node:fs");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");

const root = __dirname;
const exists = (file) => fs.existsSync(path.join(root, file));

/** The development server: manifest.xml and the functions' @helpurl name it; production builds rewrite it. */
const URL_DEV = "https://localhost:3000/";

/**
 * Where a production build will be served: `--env urlProd=...` or ADDIN_URL, https, ending in "/" (added when
 * missing). None: the build keeps the development URLs (the tests and the workbench use such a build).
 */
function productionUrl(env) {
  const given = env.urlProd || process.env.ADDIN_URL;
  if (!given) return undefined;
  let url;
  try {
    url = new URL(String(given));
  } catch {
    throw new Error(
      `urlProd "${given}" is not a URL: give the https address the add-in will be served from.`,
    );
  }
  if (url.protocol !== "https:")
    throw new Error(`urlProd "${given}" must use https: Office loads add-ins only over https.`);
  if (url.search || url.hash) throw new Error(`urlProd "${given}" must be a folder address, without ? or #.`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** Rewrites the development URL to the production one in the listed text assets (manifest, functions.json). */
class UrlRewritePlugin {
  constructor(from, to, files) {
    Object.assign(this, { from, to, files });
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("UrlRewritePlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "UrlRewritePlugin", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE },
        (assets) => {
          for (const file of this.files) {
            if (!assets[file]) continue;
            const text = assets[file].source().toString();
            compilation.updateAsset(file, new sources.RawSource(text.split(this.from).join(this.to)));
          }
        },
      );
    });
  }
}

/**
 * office.js for each page: the add-in pages load it from Microsoft's CDN, as Office requires of add-ins; the
 * workbench (outside Office, offline) has a local copy in dist/office-js/, which its template names itself.
 */
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const officeJsDist = path.join(root, "node_modules/@microsoft/office-js/dist");

/**
 * office.js loads, next to itself, the Excel host scripts, its locale strings and telemetry helpers.
 * Copy those and leave out debug builds, other hosts' scripts, type definitions and Outlook strings.
 */
const officeJsPatterns = [
  {
    from: "{office.js,o15apptofilemappingtable.js,es6-promise.js,custom-functions-runtime.js,excel*.js}",
    context: officeJsDist,
    to: "office-js/",
    globOptions: { ignore: ["**/*.debug.js"] },
  },
  { from: "*/office_strings.js", context: officeJsDist, to: "office-js/" },
  {
    from: "{telemetry,ariatelemetry,agaveerrorux,webauth}/**/*",
    context: officeJsDist,
    to: "office-js/",
    globOptions: { ignore: ["**/*.debug.js"] },
  },
  // Shipped minified already: keep the minimizer and source-map tooling off these megabytes.
].map((pattern) => ({ ...pattern, info: { minimized: true } }));

/** Puts a script tag for office.js (the CDN's) first in the page's head, unless the template loads it itself. */
class OfficeJsTagPlugin {
  constructor(pageFilenames, src) {
    this.pages = new Set(pageFilenames);
    this.src = src;
  }
  apply(compiler) {
    compiler.hooks.compilation.tap("OfficeJsTagPlugin", (compilation) => {
      HtmlWebpackPlugin.getCompilationHooks(compilation).alterAssetTagGroups.tap(
        "OfficeJsTagPlugin",
        (data) => {
          if (!this.pages.has(data.outputName)) return data;
          const template = String(data.plugin.userOptions.template || "").replace(/^.*!/, "");
          if (
            template &&
            fs.existsSync(template) &&
            /<script[^>]*\bsrc=["'][^"']*office(\.debug)?\.js/i.test(fs.readFileSync(template, "utf8"))
          ) {
            return data;
          }
          const tag = HtmlWebpackPlugin.createHtmlTagObject("script", { src: this.src });
          data.headTags.unshift(tag);
          return data;
        },
      );
    });
  }
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || env.mode || "production";
  const outDir = path.resolve(root, env.outDir || "dist");
  const withUi = !env.noUi;
  const urlProd = mode === "production" ? productionUrl(env) : undefined;
  const hasTaskpane = withUi && exists("src/taskpane/index.tsx") && exists("src/taskpane/taskpane.html");
  const hasWorkbench = withUi && exists("src/workbench/index.tsx") && exists("src/workbench/workbench.html");

  const entry = { functions: "./src/functions/functions.ts" };
  if (hasTaskpane) entry.taskpane = "./src/taskpane/index.tsx";
  if (hasWorkbench) entry.workbench = "./src/workbench/index.tsx";

  const plugins = [
    new CustomFunctionsMetadataPlugin({ input: "./src/functions/functions.ts", output: "functions.json" }),
    // Shared runtime: the task pane page is the one page Excel loads, so it carries the functions too.
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: hasTaskpane ? "./src/taskpane/taskpane.html" : "./src/functions/functions.html",
      chunks: hasTaskpane ? ["functions", "taskpane"] : ["functions"],
      chunksSortMode: "manual",
    }),
    new OfficeJsTagPlugin(["taskpane.html"], OFFICE_JS_CDN),
    new CopyWebpackPlugin({
      patterns: [
        { from: "manifest.xml", to: "manifest.xml" },
        { from: "assets/*.png", to: "assets/[name][ext]" },
        // Help pages ship as written, readable with view-source.
        {
          from: "docs/functions",
          to: "help/",
          globOptions: { ignore: ["**/*.md"] },
          info: { minimized: true },
        },
        // Only the offline workbench loads the local office.js; the add-in pages take the CDN's.
        ...(hasWorkbench ? officeJsPatterns : []),
      ],
    }),
  ];
  if (urlProd) plugins.push(new UrlRewritePlugin(URL_DEV, urlProd, ["manifest.xml", "functions.json"]));
  if (hasWorkbench) {
    plugins.push(
      new HtmlWebpackPlugin({
        filename: "workbench.html",
        template: "./src/workbench/workbench.html",
        chunks: ["workbench"],
      }),
      // The example the workbench opens ships with it, so any static server of dist/ serves it.
      new CopyWebpackPlugin({
        patterns: [{ from: "examples/pipeline.xlsx", to: "examples/pipeline.xlsx", info: { minimized: true } }],
      }),
    );
  }

  return {
    mode,
    context: root,
    entry,
    // Excel's runtimes may forbid eval; a separate source map works everywhere.
    devtool: "source-map",
    target: ["web", "es2020"],
    output: { path: outDir, filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".tsx", ".js", ".mjs", ".json"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Type checking is `npm run typecheck`'s job; the build only strips types, so it stays fast.
          options: { transpileOnly: true },
        },
      ],
    },
    plugins,
    performance: { hints: false },
    // office.js's couple of hundred files would drown the build summary.
    stats: { excludeAssets: [/^office-js\//], modules: false },
    devServer: {
      port: 3000,
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: false,
      liveReload: false,
      client: false,
    },
  };
};
