// The CLI's scoring of files it must not trust (issue 11): CSVs in every encoding Excel writes, user columns
// named like the outputs, streaming without holding the file, JSON Lines without an output file, table choice,
// duplicate fields and macro-enabled workbooks. Inputs are generated here; outputs are checked byte for byte
// where the user's text is concerned.
import { runInProcess } from "./run-in-process";
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OUTPUT_COLUMNS, defaultModel } from "../../src/model";
import { scoreCsvStream } from "../../src/cli/score";
import { openWorkbook } from "../../src/files/xlsx";
import { buildWorkbook, PIPELINE_HEADERS, PIPELINE_ROWS, unzipParts } from "../files/fixtures";
import { encodeAs, type Encoded } from "../files/encodings";

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), "qualify-score-"));
}

const run = runInProcess;

const HEADER = ["Opportunity ID", "Customer", "Deal Value", "Financing"];
const ROWS = [
  ["OPP-1", "Société Générale", "€2.5M", "Secured"],
  ["OPP-2", "Müller & Söhne", "€1.2M", "Partial"],
  ["OPP-3", "Ørsted “Wind”", "€800k", "Unsecured"],
];

function csvText(rows: string[][], d: string, nl: string): string {
  const q = (f: string) => (/[",;\t\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(q).join(d)).join(nl) + nl;
}

/** Scores bytes written to a file; returns the run and the output bytes (if any). */
function score(name: string, bytes: Uint8Array, opts: Record<string, unknown> = {}) {
  const dir = tmp();
  const input = path.join(dir, name);
  writeFileSync(input, bytes);
  const r = run(input, opts);
  const outName = readdirSync(dir).find((f) => f !== name);
  return { ...r, dir, input, output: outName ? new Uint8Array(readFileSync(path.join(dir, outName))) : null };
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

describe("qualify CLI on files it must not trust (issue 11)", function () {
  this.timeout(60_000);

  describe("encodings (items 3, 4)", () => {
    const cases: { name: string; file: Encoded; where: string }[] = [
      {
        name: "Windows-1252",
        file: encodeAs("windows-1252", csvText([HEADER, ...ROWS], ",", "\r\n")),
        where: "CSV, windows-1252",
      },
      {
        name: "UTF-8 with BOM and sep=;",
        file: encodeAs("utf-8", "sep=;\r\n" + csvText([HEADER, ...ROWS], ";", "\r\n"), true),
        where: "CSV",
      },
      {
        name: "UTF-16 LE (Excel's Unicode Text, tabs)",
        file: encodeAs("utf-16le", csvText([HEADER, ...ROWS], "\t", "\r\n"), true),
        where: "CSV, utf-16le",
      },
      {
        name: "UTF-16 BE",
        file: encodeAs("utf-16be", csvText([HEADER, ...ROWS], ",", "\n"), true),
        where: "CSV, utf-16be",
      },
    ];
    for (const c of cases) {
      it(`reads ${c.name}, and writes the same encoding with the user's bytes unchanged`, () => {
        const r = score("deals.csv", c.file.bytes);
        expect(r.error).to.equal(null);
        expect(r.out).to.include(`Assessed 3 opportunities (${c.where})`);
        // "€2.5M" and friends were read as deal values.
        expect(r.out).to.not.include("without a deal value");
        const out = r.output!;
        expect(startsWith(out, c.file.bom), "BOM kept").to.equal(true);
        const text = c.file.decode(out);
        expect(text).to.not.include("\u0000");
        expect(text).to.not.include("\ufffd");
        const inputLines = c.file.text.split(/(?<=\n)/);
        const outputLines = text.split(/(?<=\n)/);
        expect(outputLines).to.have.length(inputLines.length);
        const sep = c.file.text.startsWith("sep=") ? 1 : 0;
        if (sep) expect(outputLines[0]).to.equal(inputLines[0]);
        for (let i = sep; i < inputLines.length; i++) {
          const user = inputLines[i].replace(/\r?\n$/, "");
          expect(outputLines[i].startsWith(user), outputLines[i]).to.equal(true);
        }
        // Re-encoding the decoded output gives the output bytes: nothing was replaced on the way.
        expect(
          Buffer.from(c.file.encode(text)).equals(Buffer.from(out.subarray(c.file.bom.length))),
        ).to.equal(true);
      });
    }

    it("takes --encoding over detection, and refuses an unknown one in one line", () => {
      const latin = encodeAs("windows-1252", csvText([HEADER, ...ROWS], ",", "\n"));
      const forced = score("d.csv", latin.bytes, { encoding: "cp1252" });
      expect(forced.out).to.include("(CSV, windows-1252)");
      const utf8 = encodeAs("utf-8", csvText([HEADER, ...ROWS], ",", "\n"));
      const asLatin = score("d.csv", utf8.bytes, { encoding: "windows-1252" });
      expect(asLatin.error).to.equal(null);
      // Read as the wrong encoding, the user's bytes still come back exactly.
      expect(
        Buffer.from(asLatin.output!.subarray(0, 40)).equals(Buffer.from(utf8.bytes.subarray(0, 40))),
      ).to.equal(true);
      const bad = score("d.csv", utf8.bytes, { encoding: "ebcdic" });
      expect(bad.error!.message).to.equal(
        "--encoding: unknown encoding 'ebcdic'; use one of utf-8, utf-16le, utf-16be, windows-1252",
      );
    });

    it("refuses broken UTF-16 in one line naming the file, and writes nothing", () => {
      const file = encodeAs("utf-16le", csvText([HEADER, ...ROWS], ",", "\n"), true);
      const broken = new Uint8Array([...file.bytes, 0x00, 0xd8, 0x41]); // a lone high surrogate, an odd byte
      const r = score("u16.csv", broken);
      expect(r.error!.message).to.match(
        /u16\.csv: not valid utf-16le text \(at or after byte \d+\); name its encoding/,
      );
      expect(r.output).to.equal(null);
    });
  });

  describe("a user's columns named like the outputs (item 2)", () => {
    it("refuses a user's Verdict or Score column anywhere, as for a workbook, and writes nothing", () => {
      for (const [header, cell] of [
        [["Opportunity ID", "Verdict", "Deal Value"], "B1"],
        [["Opportunity ID", "Deal Value", "Score"], "C1"],
        [["Opportunity ID", "Deal Value", ...OUTPUT_COLUMNS.slice(1), "Verdict"], "C1"],
      ] as const) {
        const csv = csvText([[...header], header.map((_, i) => (i === 0 ? "OPP-1" : "7"))], ",", "\n");
        const r = score("mine.csv", new TextEncoder().encode(csv));
        expect(r.error!.message, header.join()).to.match(
          new RegExp(
            `mine\\.csv: column '[A-Za-z ()]+' \\(${cell}\\) already exists and was not written by qualify`,
          ),
        );
        expect(r.output).to.equal(null);
      }
    });

    it("replaces an earlier run's six columns: never two Verdict headers", () => {
      const first = score("p.csv", new TextEncoder().encode(csvText([HEADER, ...ROWS], ",", "\n")));
      const second = score("p.csv", first.output!);
      expect(second.error).to.equal(null);
      const header = new TextDecoder().decode(second.output!).split("\n")[0];
      expect(header).to.equal([...HEADER, ...OUTPUT_COLUMNS].join(","));
      expect(Buffer.from(second.output!).equals(Buffer.from(first.output!))).to.equal(true);
    });

    it("keeps rows wider than the header whole, the outputs after the widest", () => {
      const text = "Opportunity ID,Deal Value\nOPP-1,5,extra,more\nOPP-2\n";
      const r = score("w.csv", new TextEncoder().encode(text));
      const lines = new TextDecoder().decode(r.output!).split("\n");
      expect(lines[0]).to.equal(`Opportunity ID,Deal Value,,,${OUTPUT_COLUMNS.join(",")}`);
      expect(lines[1].startsWith("OPP-1,5,extra,more,")).to.equal(true);
      expect(lines[2].startsWith("OPP-2,,,,")).to.equal(true);
    });
  });

  describe("streaming (items 10, 11)", () => {
    it("writes output while the input is still being read: rows are not held", () => {
      const n = 12_000;
      const enc = new TextEncoder();
      let passes = 0;
      let read = 0; // rows read by the current pass
      let writtenBeforeEnd = false;
      function* source() {
        passes++;
        read = 0;
        yield enc.encode("Opportunity ID,Deal Value,Financing\n");
        for (let i = 0; i < n; i += 1000) {
          let s = "";
          for (let j = i; j < i + 1000; j++) s += `OPP-${j},${j},Secured\n`;
          read += 1000;
          yield enc.encode(s);
        }
      }
      let written = 0;
      const r = scoreCsvStream(
        source,
        (b) => {
          written += b.length;
          if (read < n) writtenBeforeEnd = true;
        },
        { model: defaultModel, asOf: 46000 },
      );
      expect(r.summary.count).to.equal(n);
      // A look at the first bytes for a BOM, a pass to learn the layout, a pass to write.
      expect(passes).to.equal(3);
      expect(writtenBeforeEnd).to.equal(true);
      expect(written).to.be.greaterThan(n * 40);
    });

    it("prints JSON Lines as rows are assessed and writes no output file", () => {
      const r = score("p.csv", new TextEncoder().encode(csvText([HEADER, ...ROWS], ",", "\n")), {
        json: true,
      });
      expect(r.error).to.equal(null);
      expect(r.output).to.equal(null);
      expect(
        r.out
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).id),
      ).to.deep.equal(["OPP-1", "OPP-2", "OPP-3"]);
      const wb = buildWorkbook({ sheets: [{ name: "P", rows: [PIPELINE_HEADERS, ...PIPELINE_ROWS] }] });
      const x = score("p.xlsx", wb, { json: true });
      expect(x.error).to.equal(null);
      expect(x.output).to.equal(null);
      expect(x.out.trim().split("\n")).to.have.length(PIPELINE_ROWS.length);
    });
  });

  describe("names (items 17, 18)", () => {
    it("writes an .xlsm as .xlsm, keeping its macros and content type", () => {
      const wb = buildWorkbook({
        sheets: [{ name: "P", rows: [PIPELINE_HEADERS, ...PIPELINE_ROWS] }],
        vba: true,
      });
      const r = score("deals.xlsm", wb);
      expect(r.error).to.equal(null);
      expect(readdirSync(r.dir).sort()).to.deep.equal(["deals.qualified.xlsm", "deals.xlsm"]);
      const parts = unzipParts(r.output!);
      expect(new TextDecoder().decode(parts["[Content_Types].xml"])).to.include("macroEnabled");
      expect(
        Buffer.from(parts["xl/vbaProject.bin"]).equals(Buffer.from(unzipParts(wb)["xl/vbaProject.bin"])),
      ).to.equal(true);
    });

    it("--table picks a table that is not the first, and names the tables when it is not found", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "Lookup",
            rows: [
              ["Code", "Label"],
              ["A", "Alpha"],
            ],
            tables: [{ name: "Codes" }],
          },
          { name: "Deals", rows: [PIPELINE_HEADERS, ...PIPELINE_ROWS], tables: [{ name: "Pipeline" }] },
        ],
      });
      const first = score("t.xlsx", wb);
      expect(first.error!.message).to.match(/No opportunity fields found in: Code, Label/);
      const picked = score("t.xlsx", wb, { table: "pipeline" });
      expect(picked.error).to.equal(null);
      expect(picked.out).to.include("(sheet 'Deals', table 'Pipeline')");
      const t = openWorkbook(picked.output!).readTable({ table: "Pipeline" });
      expect(t.headers.slice(-OUTPUT_COLUMNS.length)).to.deep.equal([...OUTPUT_COLUMNS]);
      const missing = score("t.xlsx", wb, { table: "Nope" });
      expect(missing.error!.message).to.match(
        /t\.xlsx: table 'Nope' not found; tables are: Codes, Pipeline$/,
      );
    });

    it("reports two columns naming the same field, naming both, and reads the first, in a CSV and a workbook", () => {
      const header = ["Opportunity ID", "Deal Value", "Customer", "Amount"];
      const csv = csvText([header, ["OPP-1", "5", "X", "7"]], ",", "\n");
      const r = score("dup.csv", new TextEncoder().encode(csv));
      expect(r.error).to.equal(null);
      const note =
        "'Deal Value', 'Amount' both name Deal Value: 'Deal Value' is read; choose the column in the mapping";
      expect(r.err).to.contain(note);
      const wb = buildWorkbook({ sheets: [{ name: "P", rows: [header, ["OPP-1", 5, "X", 7]] }] });
      expect(score("dup.xlsx", wb).err).to.contain(note);
    });
  });
});
