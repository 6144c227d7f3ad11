// For tests and benchmarks: builds the add-in once per process (webpack, production mode, without the task pane
// and workbench so it stays quick) into .tmp/, and loads the built functions.js in a Node vm the way Excel's
// runtime would: with a CustomFunctions global that records the associate calls the metadata plugin adds.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import vm from "node:vm";
import webpack from "webpack";

export const ROOT = resolve(__dirname, "..");
// One directory per process, so test runs in parallel checkouts of the same tree do not clean each other's build.
export const OUT_DIR = join(ROOT, `.tmp/functions-dist-${process.pid}`);

let building: Promise<string> | undefined;

/** Builds once; resolves to the output directory. */
export function buildOnce(): Promise<string> {
  building ??= new Promise<string>((done, fail) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const makeConfig = require(join(ROOT, "webpack.config.js")) as (
      env: Record<string, unknown>,
      argv: Record<string, unknown>,
    ) => webpack.Configuration;
    const config = makeConfig({ noUi: true, outDir: OUT_DIR }, { mode: "production" });
    process.once("exit", () => rmSync(OUT_DIR, { recursive: true, force: true }));
    webpack(config, (err, stats) => {
      if (err) return fail(err);
      if (!stats || stats.hasErrors()) return fail(new Error(stats?.toString({ all: false, errors: true })));
      if (!existsSync(join(OUT_DIR, "functions.js")))
        return fail(new Error("the build wrote no functions.js"));
      done(OUT_DIR);
    });
  });
  return building;
}

/** Excel's CustomFunctions.Error, as the runtime constructs it. */
export class ExcelError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
} as const;

export type ExcelFunction = (...args: unknown[]) => unknown;

export interface LoadedFunctions {
  /** Functions by the id they were associated with, in association order. */
  byId: Map<string, ExcelFunction>;
  associateCalls: string[];
}

/**
 * How the host answers isSetSupported("CustomFunctionsRuntime", "1.4"): true or false, "throws", or
 * "absent" for a runtime without the Office global.
 */
export type EntitySupport = boolean | "throws" | "absent";

/**
 * Runs functions.js with Excel's globals and returns what it associated. By default in a fresh vm context, so
 * nothing leaks between loads; `sameRealm` runs it in this realm instead, where global lookups (Math, JSON)
 * cost what they cost in a browser rather than a vm context's interceptors: benchmarks use that. `today` fixes
 * the clock the functions read.
 */
export function loadFunctions(
  dir: string,
  entities: EntitySupport = "absent",
  sameRealm = false,
  today?: Date,
): LoadedFunctions {
  const byId = new Map<string, ExcelFunction>();
  const associateCalls: string[] = [];
  const CustomFunctions = {
    associate(id: string, fn: ExcelFunction) {
      associateCalls.push(id);
      byId.set(id, fn);
    },
    Error: ExcelError,
    ErrorCode,
  };
  const globals: Record<string, unknown> = { CustomFunctions, console };
  if (entities !== "absent") {
    globals.Office = {
      context: {
        requirements: {
          isSetSupported(name: string, version: string) {
            if (entities === "throws") throw new Error("requirements not ready");
            return entities && name === "CustomFunctionsRuntime" && Number(version) <= 1.4;
          },
        },
      },
    };
  }
  if (today) {
    // The functions read "today" from the clock, as in Excel: a fixed clock makes their results reproducible.
    const fixed = today.getTime();
    globals.Date = class extends Date {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(fixed);
        else super(...(args as [string]));
      }
      static override now() {
        return fixed;
      }
    };
  }
  const code = readFileSync(join(dir, "functions.js"), "utf8");
  if (sameRealm) {
    const names = Object.keys(globals);
    const wrapped = vm.runInThisContext(`(function (${names.join(", ")}) {\n${code}\n})`, {
      filename: "functions.js",
    });
    (wrapped as (...g: unknown[]) => void)(...names.map((n) => globals[n]));
  } else {
    vm.runInNewContext(code, globals, { filename: "functions.js" });
  }
  return { byId, associateCalls };
}

/** Calls a function as Excel does: any exception that is not a CustomFunctions.Error fails the test. */
export function call(fns: LoadedFunctions, id: string, ...args: unknown[]): unknown[][] | ExcelError {
  const fn = fns.byId.get(id);
  if (!fn) throw new Error(`${id} was never associated`);
  try {
    return fn(...args) as unknown[][];
  } catch (err) {
    if (err instanceof ExcelError) return err;
    throw new Error(`${id} threw an uncaught ${String(err)}: Excel would show a bare #VALUE!`);
  }
}
