// Loaded with `node --require` into each process the CLI benchmark spawns: as the process exits, reports its peak
// memory as one JSON line on stderr. The process's own code is untouched, so the CLI is measured exactly as it
// ships. On Linux the peak is the process's own high-water mark (VmHWM): getrusage's maxRSS survives exec, so a
// child spawned by a big benchmark process would report the parent's size, not its own (it did: 706 MB for both
// sides of a run in which the benchmark itself had grown to 706 MB generating the inputs).
import { readFileSync, writeSync } from "node:fs";

function peakMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

process.on("exit", () => {
  writeSync(2, `\n${JSON.stringify({ peakMB: peakMB() })}\n`);
});
