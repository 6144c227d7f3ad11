// Loaded with `node --require` into each process the CLI benchmark spawns: as the process exits, reports its peak
// memory (max RSS) as one JSON line on stderr. The process's own code is untouched, so the CLI is measured exactly
// as it ships.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\n${JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024 })}\n`);
});
