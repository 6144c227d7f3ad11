// Builds the add-in into dist/: the custom functions (functions.js + functions.json), the task pane page that
// hosts them in the shared runtime, the workbench page (with the example it opens), the manifest, icons, help pages
// and a local office.js.
// The task pane and workbench entries join only when their sources exist, so each can be built on its own.
// Options (webpack --env): outDir=<dir> builds elsewhere (tests); noUi builds without task pane and workbench.
const fs = require("node:fs");
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");

const root = __dirname;
const exists = (file) => fs.existsSync(path.join(root, file));

/** Where pages find office.js inside dist (served from the add-in's own origin, not the CDN). */
const OFFICE_JS = "office-js/office.js";
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

/** Puts a script tag for the local office.js first in the page's head, unless the template loads it itself. */
class OfficeJsTagPlugin {
  constructor(pageFilenames) {
    this.pages = new Set(pageFilenames);
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
          const tag = HtmlWebpackPlugin.createHtmlTagObject("script", { src: OFFICE_JS });
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
    new OfficeJsTagPlugin(["taskpane.html"]),
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
        ...officeJsPatterns,
      ],
    }),
  ];
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
