// An RFC 4180 record parser that takes text in pieces of any size and keeps its state between them, so a CSV of
// any length is read with memory for one record. Each record keeps its raw text and where each field starts in
// it, so a writer can copy the user's fields exactly as they were and only add its own.

import { fileError } from "./errors";

export interface CsvRecord {
  /** The field values (quotes removed, doubled quotes undone). */
  fields: string[];
  /** The record's text as it was, without its line break. */
  raw: string;
  /** Where field k begins in `raw` (for k > 0, just after its delimiter). */
  starts: number[];
  /** The line break that ended it: "\r\n", "\n", "\r", or "" at the end of the text. */
  newline: string;
  /** A blank line: one empty field and no quotes. */
  blank: boolean;
  /** Its last field opened a quote that the text never closed (it took the rest of the text). */
  unclosed: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const START = 0; // at the start of a field
const PLAIN = 1; // in a field that did not start with a quote (quotes in it are literal)
const QUOTED = 2; // inside quotes
const QUOTE_SEEN = 3; // a quote inside quotes: doubled, or the closing one
const AFTER_CR = 4; // a record ended on CR; a following LF belongs to it

/** One record is capped so an unclosed quote in a huge file ends in a clear error, not an exhausted heap. */
export const MAX_RECORD_CHARS = 64 * 2 ** 20;

export class CsvParser {
  private readonly d: number;
  private state = START;
  private fields: string[] = [];
  private starts: number[] = [0];
  private value = ""; // the field's text from earlier pieces
  private raw = ""; // the record's raw text from earlier pieces
  private inRecord = false;
  private sawQuote = false;
  private recordNumber = 0;

  constructor(
    delimiter: string,
    private readonly emit: (r: CsvRecord) => void,
    private readonly firstRecordNumber = 1,
  ) {
    this.d = delimiter.charCodeAt(0);
  }

  /** Parses the next piece of text. */
  push(s: string): void {
    const d = this.d;
    const n = s.length;
    let recStart = 0; // where the current record's raw text starts in s
    let segStart = 0; // where the current field's uncopied text starts in s
    let i = 0;
    if (this.state === AFTER_CR) {
      if (n === 0) return;
      this.finishRecord(s.charCodeAt(0) === LF ? "\r\n" : "\r");
      if (s.charCodeAt(0) === LF) i = 1;
      recStart = segStart = i;
    }
    // Position of s[i] in the record's raw text.
    const rawAt = (k: number) => this.raw.length + k - recStart;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case START:
          this.inRecord = true;
          if (c === QUOTE) {
            this.state = QUOTED;
            this.sawQuote = true;
            segStart = i + 1;
          } else if (c === d) {
            this.fields.push("");
            this.starts.push(rawAt(i + 1));
          } else if (c === LF || c === CR) {
            this.fields.push("");
            i = this.endLine(s, i, recStart);
            if (i < 0) return;
            recStart = segStart = i + 1;
          } else {
            this.state = PLAIN;
            segStart = i;
          }
          break;
        case PLAIN:
          if (c !== d && c !== LF && c !== CR) {
            // The rest of a plain field, in one tight loop: most of a CSV is plain fields.
            let j = i + 1;
            for (; j < n; j++) {
              const k = s.charCodeAt(j);
              if (k === d || k === LF || k === CR) break;
            }
            i = j - 1;
            break;
          }
          {
            this.fields.push(this.value + s.slice(segStart, i));
            this.value = "";
            if (c === d) {
              this.starts.push(rawAt(i + 1));
              this.state = START;
            } else {
              i = this.endLine(s, i, recStart);
              if (i < 0) return;
              recStart = segStart = i + 1;
            }
          }
          break;
        case QUOTED: {
          const q = c === QUOTE ? i : s.indexOf('"', i);
          if (q < 0) {
            i = n - 1; // the quote goes on into the next piece
            break;
          }
          i = q;
          this.value += s.slice(segStart, i);
          this.state = QUOTE_SEEN;
          break;
        }
        case QUOTE_SEEN:
          if (c === QUOTE) {
            this.value += '"';
            this.state = QUOTED;
            segStart = i + 1;
          } else {
            // After the closing quote: text up to the delimiter is kept (malformed, but never dropped).
            this.state = PLAIN;
            segStart = i;
            i--;
          }
          break;
      }
    }
    // The piece ended inside a record: carry its text over.
    if (this.state === PLAIN || this.state === QUOTED) this.value += s.slice(segStart, n);
    if (this.inRecord) {
      this.raw += s.slice(recStart, n);
      if (this.raw.length > MAX_RECORD_CHARS) {
        throw fileError("file.rowTooLong", {
          row: this.firstRecordNumber + this.recordNumber,
          megabytes: MAX_RECORD_CHARS / 2 ** 20,
        });
      }
    }
  }

  /** Ends the text: a record without a final line break is emitted; an unclosed quote keeps the rest. */
  end(): void {
    if (this.state === AFTER_CR) {
      this.finishRecord("\r");
      return;
    }
    if (!this.inRecord) return;
    this.fields.push(this.value);
    this.value = "";
    this.finishRecord("", this.state === QUOTED);
  }

  /**
   * Ends the record at the line break s[i] (LF, CRLF or CR), its raw text running from recStart. Returns the index
   * of the break's last character, or -1 when the piece ends on a CR (an LF starting the next piece belongs to it).
   */
  private endLine(s: string, i: number, recStart: number): number {
    this.raw += s.slice(recStart, i);
    if (s.charCodeAt(i) === LF) {
      this.finishRecord("\n");
      return i;
    }
    if (i + 1 >= s.length) {
      this.state = AFTER_CR;
      return -1;
    }
    if (s.charCodeAt(i + 1) === LF) {
      this.finishRecord("\r\n");
      return i + 1;
    }
    this.finishRecord("\r");
    return i;
  }

  private finishRecord(newline: string, unclosed = false): void {
    const fields = this.fields;
    this.emit({
      fields,
      raw: this.raw,
      starts: this.starts,
      newline,
      blank: !this.sawQuote && fields.length === 1 && fields[0] === "",
      unclosed,
    });
    this.recordNumber++;
    this.fields = [];
    this.starts = [0];
    this.raw = "";
    this.inRecord = false;
    this.sawQuote = false;
    this.state = START;
  }
}
