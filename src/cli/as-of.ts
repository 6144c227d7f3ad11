// The day results are worked out for: `--as-of YYYY-MM-DD`, or today. Shared by `qualify score` and `qualify learn`.
import { partsToSerial, problem, todaySerial } from "../model";
import { CliError } from "./score";

/** `--as-of` as an Excel serial date; today when it is not given. */
export function asOfSerial(text: string | undefined): number {
  if (!text) return todaySerial(new Date());
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const serial = m ? partsToSerial(+m[1], +m[2], +m[3]) : null;
  if (serial === null) throw CliError.of(problem("cli.asOf", { text }), "--as-of");
  return serial;
}
