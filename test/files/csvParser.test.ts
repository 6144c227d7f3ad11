// The streaming CSV parser: text split anywhere gives the same records as the whole text, each record's raw text
// and field starts give back the input exactly, and one record is capped.
import { expect } from "chai";
import fc from "fast-check";
import { CsvParser, MAX_RECORD_CHARS, type CsvRecord } from "../../src/files/csvParser";
import { FileFormatError } from "../../src/files/errors";

function parse(pieces: string[], d = ","): CsvRecord[] {
  const out: CsvRecord[] = [];
  const p = new CsvParser(d, (r) => out.push(r));
  for (const s of pieces) p.push(s);
  p.end();
  return out;
}

function splitAt(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const c of at) {
    pieces.push(text.slice(from, c));
    from = c;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe("files/csvParser", () => {
  it("gives the same records however the text is cut, and its raw text gives the input back", () => {
    const text = fc.stringMatching(/^[a-c,;"\r\n ]{0,40}$/);
    fc.assert(
      fc.property(text, fc.array(fc.nat(60), { maxLength: 6 }), (t, cuts) => {
        const whole = parse([t]);
        expect(parse(splitAt(t, cuts))).to.deep.equal(whole);
        expect(whole.map((r) => r.raw + r.newline).join("")).to.equal(t);
        for (const r of whole) {
          expect(r.starts).to.have.length(r.fields.length);
          r.starts.forEach((s, k) => k > 0 && expect(r.raw[s - 1]).to.equal(","));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps each record's line break, a CR cut from its LF included", () => {
    const records = parse(["a,b\r", "\nc\rd\n", "e"]);
    expect(records.map((r) => [r.fields, r.newline])).to.deep.equal([
      [["a", "b"], "\r\n"],
      [["c"], "\r"],
      [["d"], "\n"],
      [["e"], ""],
    ]);
  });

  it("stops a record longer than the cap with an error naming its row", function () {
    this.timeout(20_000);
    const p = new CsvParser(",", () => undefined);
    p.push("ID,Note\n");
    const piece = "x".repeat(1 << 20);
    let caught: unknown;
    try {
      p.push('1,"');
      for (let i = 0; i <= MAX_RECORD_CHARS / piece.length; i++) p.push(piece);
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(FileFormatError);
    expect((caught as Error).message).to.equal("row 2 is longer than 64 MB (is a quote left open?)");
  });
});
