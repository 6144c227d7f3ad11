// `npm start`: builds the add-in in development mode and serves it at https://localhost:3000 with
// webpack-dev-server, using office-addin-dev-certs' certificate files (~/.office-addin-dev-certs). When they
// are missing or expired it generates new ones with that package's API but never installs the CA (that needs
// sudo on Linux; the README explains how to trust it). If no certificate can be had it serves plain http and
// says so. Then it prints how to sideload manifest.xml into Excel.
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import webpack from "webpack";
import WebpackDevServer from "webpack-dev-server";

const ROOT = resolve(__dirname, "..");
const CERT_DIR = join(homedir(), ".office-addin-dev-certs");
const FILES = {
  ca: join(CERT_DIR, "ca.crt"),
  cert: join(CERT_DIR, "localhost.crt"),
  key: join(CERT_DIR, "localhost.key"),
};

interface Certificates {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

function readCertificates(): Certificates | undefined {
  if (!existsSync(FILES.cert) || !existsSync(FILES.key)) return undefined;
  return {
    cert: readFileSync(FILES.cert),
    key: readFileSync(FILES.key),
    ca: existsSync(FILES.ca) ? readFileSync(FILES.ca) : undefined,
  };
}

function expired(certs: Certificates): boolean {
  try {
    return new Date(new X509Certificate(certs.cert).validTo).getTime() < Date.now();
  } catch {
    return true;
  }
}

async function certificates(): Promise<Certificates | undefined> {
  const existing = readCertificates();
  if (existing && !expired(existing)) {
    console.log(`Using the development certificate in ${CERT_DIR}.`);
    return existing;
  }
  console.log(
    existing
      ? `The development certificate in ${CERT_DIR} has expired: generating a new one.`
      : `No development certificate in ${CERT_DIR}: generating one (the CA is not installed).`,
  );
  try {
    const { generateCertificates } = await import("office-addin-dev-certs");
    await generateCertificates(FILES.ca, FILES.cert, FILES.key);
    console.log(
      `Generated ${FILES.cert}. Trust ${FILES.ca}: npm run certs:install (see README, "Trusting the development certificate").`,
    );
    return readCertificates();
  } catch (err) {
    console.warn(`Could not generate a certificate: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

function sideloadHelp(origin: string): string {
  const manifest = join(ROOT, "manifest.xml");
  return [
    "",
    `Opportunity Qualifier is served at ${origin}/taskpane.html (formulas help: ${origin}/help/functions.html).`,
    `Without Excel, open the workbench: ${origin}/workbench.html (the task pane beside examples/pipeline.xlsx).`,
    "",
    "Sideload the add-in (manifest: " + manifest + "):",
    "  With office-addin-debugging installed (npm install -g office-addin-debugging): npm run start:desktop,",
    "    or npm run start:web -- --document <workbook URL>; npm run stop removes it. Otherwise:",
    "  Excel on the web: open a workbook, Home > Add-ins > More Settings > Upload My Add-in, and choose",
    "    manifest.xml. Your browser must trust the certificate first:",
    `    open ${origin}/taskpane.html once and make sure it loads without a warning.`,
    "  Excel on Windows: share a folder holding manifest.xml, add it under File > Options > Trust Center >",
    "    Trust Center Settings > Trusted Add-in Catalogs (check 'Show in Menu'), restart Excel, then",
    "    Insert > My Add-ins (or Home > Add-ins > More Settings) > SHARED FOLDER.",
    "  Excel on Mac: copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/",
    "    and restart Excel; the add-in appears under Home > Add-ins.",
    "  Windows and Mac refuse the server until its CA is trusted: npm run certs:install, then restart Excel.",
    "  After changing functions.json or the manifest, clear Excel's add-in cache (README) and sideload again.",
    "",
    "Then type =OPP.QUALIFY( in a cell. Stop the server with Ctrl+C.",
  ].join("\n");
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(join(ROOT, "webpack.config.js")) as (
    env: Record<string, unknown>,
    argv: Record<string, unknown>,
  ) => webpack.Configuration & { devServer: WebpackDevServer.Configuration };
  const config = makeConfig({}, { mode: "development" });
  const certs = await certificates();
  const port = 3000;
  const origin = `${certs ? "https" : "http"}://localhost:${port}`;
  if (!certs) {
    console.warn(
      "Serving over plain http: Excel will not load the add-in from http URLs, but the pages can be opened in a browser.",
    );
  }
  const compiler = webpack(config);
  const server = new WebpackDevServer(
    {
      ...config.devServer,
      host: "localhost",
      port,
      server: certs
        ? { type: "https", options: { cert: certs.cert, key: certs.key, ca: certs.ca } }
        : { type: "http" },
      devMiddleware: { writeToDisk: true, stats: "errors-warnings" },
    },
    compiler,
  );
  compiler.hooks.done.tap("serve-start", (stats) => {
    if (stats.hasErrors()) console.error(stats.toString({ all: false, errors: true, colors: true }));
    else console.log(`Built in ${stats.endTime - stats.startTime} ms.`);
  });
  await server.start();
  console.log(sideloadHelp(origin));
  const stop = () => {
    server.stop().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
