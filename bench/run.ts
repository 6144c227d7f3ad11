// `npm run bench`: runs every bench/*.bench.ts and prints each result beside its baseline from the same run.
// Results are also written to bench/results/latest.json. Claims about speed come from here, never from tests.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchResult } from "./types";

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const all: Record<string, BenchResult[]> = {};
  for (const file of files) {
    console.log(`\n== ${file}`);
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<BenchResult[]> };
    const results = await mod.run();
    all[file] = results;
    for (const r of results) {
      if (!Number.isFinite(r.value)) {
        console.log(`${r.name}: not measured${r.note ? ` (${r.note})` : ""}`);
        continue;
      }
      const base = r.baseline ? `  vs ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : "";
      const ratio = r.ratio !== undefined ? `  ratio ${r.ratio.toFixed(2)}` : "";
      console.log(
        `${r.name}: ${fmt(r.value)} ${r.unit}${base}${ratio}${r.target ? `  (target: ${r.target})` : ""}`,
      );
    }
  }
  const dir = path.join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "latest.json"), JSON.stringify(all, null, 2));
}

function fmt(x: number): string {
  return x >= 1000 ? Math.round(x).toLocaleString("en-US") : Number(x.toPrecision(4)).toString();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
