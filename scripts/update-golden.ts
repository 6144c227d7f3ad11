// Rewrites the golden files (test/golden/*.jsonl) from today's engine, and prints every difference from the
// stored ones, so a change to the results is always a decision someone saw.
// `npm run golden` rewrites; `npm run golden -- --check` only prints the differences (exit 1 if any).
import { writeFileSync } from "node:fs";
import { currentMessy, MESSY_FILE, storedMessy } from "../test/golden/messy-golden";
import { currentGolden, GOLDEN_FILE, goldenDiff, storedGolden } from "../test/golden/pipeline-golden";

const check = process.argv.includes("--check");
const sets = [
  { file: GOLDEN_FILE, current: currentGolden, stored: storedGolden },
  { file: MESSY_FILE, current: currentMessy, stored: storedMessy },
];
let changed = 0;
for (const set of sets) {
  let before: string[] = [];
  try {
    before = set.stored();
  } catch {
    // No golden file yet: everything is new.
  }
  const after = set.current();
  const diff = goldenDiff(before, after);
  if (diff.length === 0) {
    console.log(`${set.file}: ${after.length} lines, no change`);
    continue;
  }
  changed += diff.length;
  console.log(diff.join("\n"));
  console.log(`${set.file}: ${diff.length} difference(s) over ${after.length} lines`);
  if (!check) {
    writeFileSync(set.file, after.join("\n") + "\n");
    console.log(`wrote ${set.file}`);
  }
}
process.exitCode = check && changed > 0 ? 1 : 0;
