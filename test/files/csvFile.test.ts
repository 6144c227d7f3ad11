// A CSV file in two streaming passes: what the first pass learns of its layout, and output lines built from each
// record's own text, so a user's fields come back exactly as they were.
import { expect } from "chai";
import { readCsv } from "../../src/files/csv";
import { eachCsvRecord, outputLine, readCsvTable, scanCsv } from "../../src/files/csvFile";
import type { CsvRecord } from "../../src/files/csvParser";
import { encodeAs } from "./encodings";

/** The bytes as a source cut into pieces of `size` (cuts inside characters and line breaks included). */
const source = (bytes: Uint8Array, size = 3) =>
  function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };

describe("files/csvFile", () => {
  it("learns the layout in one pass: encoding, BOM, sep= line, delimiter, header, widest row, rows", () => {
    const text = 'sep=;\r\nID;Deal Value\r\nA;1;extra\r\n"B\r\nC";2\r\n\r\n\r\n';
    const file = encodeAs("utf-16le", text, true);
    const layout = scanCsv(source(file.bytes));
    expect(layout).to.deep.equal({
      encoding: "utf-16le",
      bom: true,
      preamble: "sep=;\r\n",
      delimiter: ";",
      headers: ["ID", "Deal Value"],
      width: 3,
      rows: 2, // the blank lines at the end are not rows
      newline: "\r\n",
      unclosedRow: undefined,
    });
    const latin = scanCsv(source(encodeAs("windows-1252", "Kunde,Wert\nSociété,€5\n").bytes));
    expect([latin.encoding, latin.headers]).to.deep.equal(["windows-1252", ["Kunde", "Wert"]]);
    expect(scanCsv(source(encodeAs("utf-8", 'ID,Note\n1,"open\n').bytes)).unclosedRow).to.equal(2);
  });

  it("hands over every record in order in the second pass, the header first", () => {
    const bytes = encodeAs("utf-8", "ID,V\n1,a\n2,b").bytes;
    const layout = scanCsv(source(bytes));
    const seen: [number, string[]][] = [];
    eachCsvRecord(source(bytes, 2), layout, (r, i) => seen.push([i, r.fields]));
    expect(seen).to.deep.equal([
      [0, ["ID", "V"]],
      [1, ["1", "a"]],
      [2, ["2", "b"]],
    ]);
  });

  it("builds output lines from the record's own text: padded, appended, or replacing an earlier run's", () => {
    const record = (raw: string, newline = "\r\n"): CsvRecord => {
      const fields: string[] = [];
      const starts = [0];
      // Quotes here never hold a comma, so splitting on commas gives the field starts.
      raw.split(",").forEach((f, i, all) => {
        fields.push(f);
        if (i < all.length - 1) starts.push(starts[i] + f.length + 1);
      });
      return { fields, raw, starts, newline, blank: raw === "", unclosed: false };
    };
    expect(outputLine(record('"a" ,b'), 3, 0, ",", ["X", "Y"], "\n")).to.equal('"a" ,b,,X,Y\r\n');
    expect(outputLine(record(""), 2, 0, ",", ["X"], "\n")).to.equal(",,X\r\n");
    expect(outputLine(record("a,b,old1,old2,tail", ""), 2, 2, ",", ["X", "Y"], "\n")).to.equal(
      "a,b,X,Y,tail\n",
    );
  });

  describe("readCsvTable: a whole table, by the same rules", () => {
    const read = (text: string) => {
      const t = readCsvTable(source(new TextEncoder().encode(text)));
      return { headers: t.headers, rows: t.rows, delimiter: t.layout.delimiter };
    };

    it("gives the rows after the header, without the blank lines at the end, as readCsv does for a text", () => {
      const text = 'sep=;\r\nID;Note\r\n1;"two\r\nlines"\r\n\r\n2;x\r\n\r\n\r\n';
      const t = read(text);
      expect(t).to.deep.equal({ ...readCsv(text), delimiter: ";" });
      expect(t.rows).to.deep.equal([["1", "two\r\nlines"], [""], ["2", "x"]]);
      expect(read("")).to.deep.include({ headers: [], rows: [] });
    });

    it("reads Excel's other CSVs as their text: Windows-1252 (€, en dash), UTF-16 with and without a BOM", () => {
      const text = "Opportunity;Deal Value;Financing\r\nSociété A;€950k;–\r\nB;1200000;Secured\r\n";
      const rows = [
        ["Société A", "€950k", "–"],
        ["B", "1200000", "Secured"],
      ];
      for (const [encoding, bom] of [
        ["windows-1252", false],
        ["utf-16le", true],
        ["utf-16le", false],
        ["utf-16be", true],
      ] as const) {
        const t = readCsvTable(source(encodeAs(encoding, text, bom).bytes));
        expect(t.layout.encoding, `${encoding}, BOM ${bom}`).to.equal(encoding);
        expect(t.headers).to.deep.equal(["Opportunity", "Deal Value", "Financing"]);
        expect(t.rows, `${encoding}, BOM ${bom}`).to.deep.equal(rows);
      }
    });
  });
});
