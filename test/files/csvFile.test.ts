// A CSV file in two streaming passes: what the first pass learns of its layout, and output lines built from each
// record's own text, so a user's fields come back exactly as they were.
import { expect } from "chai";
import { readCsv } from "../../src/files/csv";
import { zipSync } from "fflate";
import { eachCsvRecord, outputLine, readCsvTable, scanCsv, zippedCsv } from "../../src/files/csvFile";
import { FileFormatError } from "../../src/files/errors";
import { bytesSource } from "../../src/files/zip";
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

  describe("zippedCsv: the one CSV in a zip archive", () => {
    const text = "Opportunity;Deal Value\r\nA;€950k\r\nB;1200000\r\n"
      .repeat(1)
      .concat("C;5\r\n".repeat(20_000));
    const refusal = (zip: Uint8Array) => {
      try {
        zippedCsv(bytesSource(zip));
      } catch (e) {
        return e instanceof FileFormatError ? e.problem : e;
      }
      return "read";
    };

    it("reads it in pieces on each pass, as the file it holds (Windows-1252 here), skipping folders and __MACOSX", () => {
      const csv = encodeAs("windows-1252", text).bytes;
      const zip = zipSync({
        "export/": new Uint8Array(0),
        "export/deals.csv": [csv, { level: 6 }],
        "__MACOSX/export/._deals.csv": new Uint8Array([0, 5, 22]),
      });
      expect(zip.length).to.be.lessThan(csv.length / 10); // deflated: the reader inflates it
      const inner = zippedCsv(bytesSource(zip));
      expect(inner.name).to.equal("export/deals.csv");
      const t = readCsvTable(inner.source);
      expect(t.layout.encoding).to.equal("windows-1252");
      expect(t.headers).to.deep.equal(["Opportunity", "Deal Value"]);
      expect(t.rows.slice(0, 3)).to.deep.equal([
        ["A", "€950k"],
        ["B", "1200000"],
        ["C", "5"],
      ]);
      expect(t.rows.length).to.equal(20_002);
    });

    it("hands a big file over in pieces, never as one buffer of the whole file", () => {
      // Numbers that do not repeat, as a real column: about 9 MB of text, 3 MB deflated.
      const lines = Array.from({ length: 600_000 }, (_, i) => `C${i},${(i * 7919) % 1_000_003}\r\n`);
      const big = new TextEncoder().encode("ID,V\r\n" + lines.join(""));
      for (const level of [0, 6] as const) {
        const inner = zippedCsv(bytesSource(zipSync({ "big.csv": [big, { level }] })));
        let pieces = 0;
        let largest = 0;
        for (const piece of inner.source()) {
          pieces++;
          largest = Math.max(largest, piece.length);
        }
        expect(pieces, `level ${level}`).to.be.greaterThan(1);
        expect(largest, `level ${level}`).to.be.at.most(1 << 20);
        expect(readCsvTable(inner.source).rows.length).to.equal(600_000);
      }
    });

    it("names what the archive holds when it has no CSV, or several; a damaged one is refused, not read", () => {
      expect(
        refusal(zipSync({ "README.md": new Uint8Array([35]), "img/": new Uint8Array(0) })),
      ).to.deep.equal({
        code: "file.zipNoCsv",
        params: { entries: ["README.md"] },
      });
      expect(
        refusal(zipSync({ "2019.csv": new Uint8Array([65]), "2020.CSV": new Uint8Array([66]) })),
      ).to.deep.equal({
        code: "file.zipManyCsv",
        params: { names: ["2019.csv", "2020.CSV"] },
      });
      const zip = zipSync({ "deals.csv": [new TextEncoder().encode(text), { level: 0 }] });
      const at = new TextDecoder("latin1").decode(zip).indexOf("€950k".slice(1)); // stored: the text is in the zip
      zip[at] ^= 1;
      const inner = zippedCsv(bytesSource(zip));
      expect(() => readCsvTable(inner.source))
        .to.throw(FileFormatError)
        .with.property("problem")
        .that.deep.equals({ code: "file.partDamaged", params: { part: "deals.csv", error: "CRC mismatch" } });
    });
  });
});
