import { expect } from "chai";
import fc from "fast-check";
import { detectDelimiter, neutraliseCsvText, readCsv, writeCsv } from "../../src/files/csv";

describe("files/csv", () => {
  describe("readCsv", () => {
    it("follows RFC 4180: quotes, doubled quotes, embedded line breaks, CRLF", () => {
      const t = readCsv('ID,Name,Note\r\n1,"Smith, J","said ""hi"""\r\n2,"two\r\nlines",\r\n3,"a\nb",x');
      expect(t.delimiter).to.equal(",");
      expect(t.headers).to.deep.equal(["ID", "Name", "Note"]);
      expect(t.rows).to.deep.equal([
        ["1", "Smith, J", 'said "hi"'],
        ["2", "two\r\nlines", ""],
        ["3", "a\nb", "x"],
      ]);
    });

    it("strips a BOM and keeps numbers as the text typed", () => {
      const t = readCsv("\ufeffDeal Value,Margin %\n$1.2M,25%\n1200000,0.25\n");
      expect(t.headers).to.deep.equal(["Deal Value", "Margin %"]);
      expect(t.rows).to.deep.equal([
        ["$1.2M", "25%"],
        ["1200000", "0.25"],
      ]);
    });

    it("detects semicolons and tabs from the header line, and honours Excel's sep= line", () => {
      const eu = readCsv("ID;Deal Value;Margin\nA;1,5;0,25\n");
      expect(eu.delimiter).to.equal(";");
      expect(eu.rows).to.deep.equal([["A", "1,5", "0,25"]]);
      expect(readCsv("ID\tName\nA\tB, C\n").rows).to.deep.equal([["A", "B, C"]]);
      const sep = readCsv("sep=;\r\nID;Name, full\r\n1;x\r\n");
      expect(sep.headers).to.deep.equal(["ID", "Name, full"]);
      expect(detectDelimiter('"a;b",c\n')).to.equal(",");
      expect(detectDelimiter("single\n")).to.equal(",");
    });

    it("keeps blank lines inside the data as rows but drops trailing ones", () => {
      const t = readCsv("ID,V\n1,a\n\n2,b\n\n\n");
      expect(t.rows).to.deep.equal([["1", "a"], [""], ["2", "b"]]);
    });

    it("never loses text: an unterminated quote keeps the rest, a stray quote stays literal", () => {
      expect(readCsv('ID,Note\n1,"open\n2,x\n').rows).to.deep.equal([["1", "open\n2,x\n"]]);
      expect(readCsv('ID,Note\n1,5" screen\n').rows).to.deep.equal([["1", '5" screen']]);
      expect(readCsv('ID,Note\n1,"closed"tail\n').rows).to.deep.equal([["1", "closedtail"]]);
      expect(readCsv("ID,Note\n1,\n").rows).to.deep.equal([["1", ""]]);
    });

    it("reads an empty file as no headers and no rows", () => {
      expect(readCsv("")).to.deep.include({ headers: [], rows: [] });
    });
  });

  describe("writeCsv", () => {
    it("neutralises text that a spreadsheet would run as a formula", () => {
      const out = writeCsv(
        ["Rationale"],
        [["=1+1"], ["+cmd|' /C calc'!A0"], ["-2+3"], ["@SUM(A1)"], ["\tx"], ["\rx"], ["ok"]],
      );
      expect(out.split("\r\n").slice(1, -1)).to.deep.equal([
        "'=1+1",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1)",
        '"\'\tx"',
        '"\'\rx"',
        "ok",
      ]);
    });

    it("is lossless: text that already starts with a quote gets one more (issue 11 item 5)", () => {
      expect(neutraliseCsvText("=x")).to.equal("'=x");
      expect(neutraliseCsvText("'=x")).to.equal("''=x");
      expect(neutraliseCsvText("'plain")).to.equal("''plain");
      const undo = (s: string) => (s.startsWith("'") ? s.slice(1) : s);
      fc.assert(
        fc.property(fc.string({ unit: "binary", maxLength: 8 }), (s) => {
          expect(undo(neutraliseCsvText(s))).to.equal(s);
        }),
        { numRuns: 2000 },
      );
    });

    it("leaves plain signed numbers and non-text cells alone", () => {
      expect(neutraliseCsvText("-5")).to.equal("-5");
      expect(neutraliseCsvText("+1.25")).to.equal("+1.25");
      expect(neutraliseCsvText("-1,200.50")).to.equal("-1,200.50");
      expect(neutraliseCsvText("-")).to.equal("'-");
      expect(neutraliseCsvText("-5+1")).to.equal("'-5+1");
      const out = writeCsv(
        ["n", "b", "e", "d", "x"],
        [[-5, true, { error: "#N/A" }, new Date(Date.UTC(2025, 0, 2)), null]],
      );
      expect(out).to.equal("n,b,e,d,x\r\n-5,TRUE,#N/A,2025-01-02T00:00:00.000Z,\r\n");
    });

    it("quotes fields that need it, with the chosen delimiter", () => {
      const out = writeCsv(
        ["ID", "Note"],
        [
          ["1", 'say "hi"; bye'],
          ["2", "a,b"],
          ["3", "x\ny"],
        ],
        { delimiter: ";" },
      );
      expect(out).to.equal('ID;Note\r\n1;"say ""hi""; bye"\r\n2;"a,b"\r\n3;"x\ny"\r\n');
      // A row of one empty field is written so it is not a blank line.
      expect(writeCsv(["A"], [[""], ["b"]])).to.equal('A\r\n""\r\nb\r\n');
    });

    it("round-trips any text through write and read (neutralised text keeps its quote)", () => {
      const cell = fc.string({ unit: "binary", maxLength: 12 });
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 5 }).chain((w) =>
            fc.record({
              headers: fc.array(cell, { minLength: w, maxLength: w }),
              rows: fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 6 }),
              delimiter: fc.constantFrom<"," | ";" | "\t">(",", ";", "\t"),
            }),
          ),
          ({ headers, rows, delimiter }) => {
            const back = readCsv(writeCsv(headers, rows, { delimiter }));
            expect(back.headers).to.deep.equal(headers.map(neutraliseCsvText));
            expect(back.rows).to.deep.equal(rows.map((r) => r.map(neutraliseCsvText)));
          },
        ),
        { numRuns: 500 },
      );
    });
  });
});
