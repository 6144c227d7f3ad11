// `npm run start:desktop|start:web|stop`: the office-addin-debugging command each runs, and what a developer
// without that optional package is told instead (exit code 1, nothing spawned).
import { expect } from "chai";
import { join } from "node:path";
import {
  debuggingArgs,
  findDebugging,
  NOT_INSTALLED,
  runDebugging,
  type RunDeps,
} from "../../scripts/office-debugging";

function deps(found: string | undefined) {
  const log: string[] = [];
  const spawned: [string, string[]][] = [];
  const d: RunDeps = {
    find: () => found,
    spawn: async (command, args) => {
      spawned.push([command, args]);
      return 0;
    },
    log: (t) => log.push(t),
  };
  return { d, log, spawned };
}

describe("scripts/office-debugging", function () {
  it("starts Excel on the desktop or the web with the dev server on port 3000, and stops", function () {
    expect(debuggingArgs("start", "desktop")).to.deep.equal([
      "start",
      "manifest.xml",
      "desktop",
      "--app",
      "excel",
      "--dev-server",
      "npm start",
      "--dev-server-port",
      "3000",
    ]);
    expect(debuggingArgs("start", "web", ["--document", "https://x/book.xlsx"]).slice(2)).to.deep.equal([
      "web",
      "--app",
      "excel",
      "--dev-server",
      "npm start",
      "--dev-server-port",
      "3000",
      "--document",
      "https://x/book.xlsx",
    ]);
    expect(debuggingArgs("stop", undefined)).to.deep.equal(["stop", "manifest.xml"]);
  });

  it("without office-addin-debugging, says how to get it and spawns nothing", async function () {
    const { d, log, spawned } = deps(undefined);
    expect(await runDebugging(["start", "desktop"], d)).to.equal(1);
    expect(spawned).to.deep.equal([]);
    expect(log).to.deep.equal([NOT_INSTALLED]);
    expect(NOT_INSTALLED).to.contain("npm install -g office-addin-debugging");
  });

  it("with it, runs it with the arguments passed through", async function () {
    const { d, spawned, log } = deps("/usr/bin/office-addin-debugging");
    expect(await runDebugging(["start", "web", "--document", "https://x/b.xlsx"], d)).to.equal(0);
    expect(spawned[0][0]).to.equal("/usr/bin/office-addin-debugging");
    expect(spawned[0][1].slice(-2)).to.deep.equal(["--document", "https://x/b.xlsx"]);
    expect(log.join("\n")).not.to.contain("needs a workbook");
    await runDebugging(["stop"], d);
    expect(spawned[1][1]).to.deep.equal(["stop", "manifest.xml"]);
    expect(await runDebugging(["restart"], d)).to.equal(2);
  });

  it("finds the executable in the project's node_modules first, then on PATH", function () {
    if (process.platform === "win32") this.skip();
    const has = (files: string[]) => (f: string) => files.includes(f);
    const local = join("/p", "node_modules", ".bin", "office-addin-debugging");
    expect(findDebugging({ PATH: "/a:/b" }, has([local, "/b/office-addin-debugging"]), "/p")).to.equal(local);
    expect(findDebugging({ PATH: "/a:/b" }, has(["/b/office-addin-debugging"]), "/p")).to.equal(
      "/b/office-addin-debugging",
    );
    expect(findDebugging({ PATH: "/a" }, has([]), "/p")).to.equal(undefined);
  });
});
