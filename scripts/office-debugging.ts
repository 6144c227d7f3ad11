// `npm run start:desktop`, `npm run start:web`, `npm run stop`: Microsoft's office-addin-debugging sideloads
// manifest.xml into Excel on Windows/Mac or on the web and starts the development server (`npm start`) if it
// is not running; `stop` unregisters the add-in. The package is optional (it pulls keytar, a native module),
// so it is not a dependency: when it is not installed this says how to get it and exits with 1.
import { spawn as nodeSpawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const PORT = "3000";

export type Action = "start" | "stop";
export type Platform = "desktop" | "web";

/** The office-addin-debugging command line for an action; `extra` is passed through (e.g. --document URL). */
export function debuggingArgs(
  action: Action,
  platform: Platform | undefined,
  extra: string[] = [],
): string[] {
  if (action === "stop") return ["stop", "manifest.xml", ...extra];
  return [
    "start",
    "manifest.xml",
    platform ?? "desktop",
    "--app",
    "excel",
    "--dev-server",
    "npm start",
    "--dev-server-port",
    PORT,
    ...extra,
  ];
}

export const NOT_INSTALLED = [
  "office-addin-debugging is not installed, so Excel cannot be started with the add-in from here.",
  "It is optional (it brings keytar, a native module), so the project does not depend on it. Either:",
  "  npm install -g office-addin-debugging     then run this again, or",
  "  npx office-addin-debugging@latest <the same arguments>",
  'or sideload by hand: `npm start`, then follow the README\'s "Sideload in Excel" steps.',
].join("\n");

/** The office-addin-debugging executable: this project's node_modules (if someone installed it), else PATH. */
export function findDebugging(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = existsSync,
  root = ROOT,
): string | undefined {
  const names =
    process.platform === "win32"
      ? ["office-addin-debugging.cmd", "office-addin-debugging.exe"]
      : ["office-addin-debugging"];
  const dirs = [join(root, "node_modules", ".bin"), ...(env.PATH ?? "").split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    for (const name of names) if (exists(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export interface RunDeps {
  find: () => string | undefined;
  spawn: (command: string, args: string[]) => Promise<number>;
  log: (text: string) => void;
}

const defaultDeps: RunDeps = {
  find: () => findDebugging(),
  spawn: (command, args) =>
    new Promise((done) => {
      const child = nodeSpawn(command, args, {
        cwd: ROOT,
        stdio: "inherit",
        shell: process.platform === "win32",
      });
      child.on("exit", (code) => done(code ?? 1));
      child.on("error", () => done(1));
    }),
  log: (text) => console.log(text),
};

/** Runs `office-addin-debugging` for `argv` ([start desktop|web | stop] [extra...]); resolves to an exit code. */
export async function runDebugging(argv: string[], deps: RunDeps = defaultDeps): Promise<number> {
  const [action, maybePlatform, ...rest] = argv;
  if (action !== "start" && action !== "stop") {
    deps.log("Usage: office-debugging.ts start desktop|web [--document URL] | stop");
    return 2;
  }
  const platform = maybePlatform === "desktop" || maybePlatform === "web" ? maybePlatform : undefined;
  const extra = platform || maybePlatform === undefined ? rest : [maybePlatform, ...rest];
  const command = deps.find();
  if (!command) {
    deps.log(NOT_INSTALLED);
    return 1;
  }
  const args = debuggingArgs(action, platform, extra);
  deps.log(`Running ${command} ${args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`);
  if (action === "start" && platform === "web" && !extra.includes("--document")) {
    deps.log("Excel on the web needs a workbook: add `-- --document <its URL from Share > Copy link>`.");
  }
  return deps.spawn(command, args);
}

if (require.main === module) {
  void runDebugging(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
