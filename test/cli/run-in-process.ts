// Runs `qualify score` in this process, as the CLI tests do: what it printed on stdout and stderr, or the error it
// raised. Dated 2026-11-28 unless the options say otherwise.
import { runScore } from "../../src/cli/main";
import type { CliError } from "../../src/cli/score";

export function runInProcess(file: string, opts: Record<string, unknown> = {}) {
  let out = "";
  let err = "";
  const io = {
    out: { write: (s: string) => ((out += s), true) },
    err: { write: (s: string) => ((err += s), true), isTTY: false },
  } as unknown as Parameters<typeof runScore>[2];
  try {
    runScore(file, { asOf: "2026-11-28", ...opts }, io);
    return { out, err, error: null as CliError | null };
  } catch (e) {
    return { out, err, error: e as CliError };
  }
}
