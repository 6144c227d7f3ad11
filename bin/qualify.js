#!/usr/bin/env node
// Entry point for `npx qualify`: runs the TypeScript CLI through tsx so no separate build step is needed.
const path = require("path");
const { spawnSync } = require("child_process");
const main = path.join(__dirname, "..", "src", "cli", "main.ts");
const tsx = require.resolve("tsx/cli");
const r = spawnSync(process.execPath, [tsx, main, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status === null ? 2 : r.status);
