// The CLI's one printer for what reaches a terminal. Text read from a file (a sheet name, a cell quoted in a
// message, the file's own name) may hold escape sequences that would set the terminal's title, move the cursor or
// clear the screen; every line the CLI prints goes through here, so none of it reaches the terminal as a control.

// C0 controls but tab and newline, DEL, and C1 controls (U+009B is a one-character CSI on many terminals).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// What JSON.stringify leaves raw of them: DEL and C1 (it escapes C0 itself).
const JSON_RAW_CONTROL = /[\u007f-\u009f]/g;

/** The text without control characters: an escape sequence is left as inert, visible text ("]0;title"). */
export function terminalText(text: string): string {
  return text.replace(CONTROL, "");
}

/** A JSON line with DEL and C1 controls escaped (\u009b): the very same JSON values, inert on a terminal. */
export function terminalJson(line: string): string {
  return line.replace(JSON_RAW_CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
