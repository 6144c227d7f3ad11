// The file adapter's one entry point: a handle that unzips a package once, inflates a sheet once for reading and
// writing it, writes all or nothing, and saves every part it did not edit byte for byte. Written files are read
// back with ExcelJS, independently of src/files.
import { expect } from "chai";
import { nodeCodec } from "../../src/cli/codec";
import { FileFormatError, openWorkbook, type ZipCodec } from "../../src/files/xlsx";
import type { Cell } from "../../src/model";
import { rawEntryData, readZip } from "../../src/files/zip";
import { outputFormats } from "../../src/port/formats";
import { MARKER } from "./adapter";
import { buildWorkbook, makeRichWorkbook, PIPELINE_HEADERS, PIPELINE_ROWS } from "./fixtures";
import { changedParts, exceljsValues, loadWithExcelJs, sameBytes, text } from "./helpers";

const OUTPUT_HEADERS = ["Verdict", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"];

/** Node's zlib, counting what it inflates by the size it was asked for. */
function countingCodec(): { codec: ZipCodec; inflated: number[] } {
  const inflated: number[] = [];
  const codec: ZipCodec = {
    ...nodeCodec,
    inflateRaw: (data, size) => {
      inflated.push(size);
      return nodeCodec.inflateRaw(data, size);
    },
    createInflater: () => {
      throw new Error("a sheet should be inflated whole, once");
    },
  };
  return { codec, inflated };
}

function entrySize(data: Uint8Array, name: string): number {
  const entry = readZip(data).entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no entry ${name}`);
  return entry.size;
}

describe("files/xlsx: openWorkbook", () => {
  it("reads the table and writes beside it inflating the sheet and the shared strings once", async () => {
    const data = makeRichWorkbook({ table: true });
    const { codec, inflated } = countingCodec();
    const book = openWorkbook(data, { codec });
    const table = book.readTable({ marker: MARKER.name });
    expect(table.headers).to.deep.equal(PIPELINE_HEADERS);
    const rows = table.rows.map((_, i) => ["Qualified", 70 + i, "B", 20, 5, "fine"]);
    book.writeOutputs({
      sheetName: table.sheetName,
      headerRow: table.headerRow,
      firstDataRow: table.headerRow + 1,
      startCol: table.lastCol + 1,
      headers: OUTPUT_HEADERS,
      rows,
      tableName: table.tableName,
      firstCol: table.firstCol,
      formats: outputFormats(OUTPUT_HEADERS),
      marker: MARKER,
    });
    const out = book.save();
    const sheetSize = entrySize(data, "xl/worksheets/sheet1.xml");
    const sstSize = entrySize(data, "xl/sharedStrings.xml");
    expect(inflated.filter((n) => n === sheetSize)).to.have.length(1);
    expect(inflated.filter((n) => n === sstSize)).to.have.length(1);
    const wb = await loadWithExcelJs(out);
    const values = exceljsValues(wb.getWorksheet("Pipeline")!);
    expect(values[0]).to.deep.equal([...PIPELINE_HEADERS, ...OUTPUT_HEADERS]);
    PIPELINE_ROWS.forEach((row, i) => expect(values[i + 1]).to.deep.equal([...row, ...rows[i]]));
  });

  it("streams a sheet too large to keep: the same table and the same parts as reading it whole (item 10)", () => {
    const long = buildWorkbook({
      sheets: [
        {
          name: "S",
          rows: [["ID", "Note"], ...Array.from({ length: 30_000 }, (_, i) => [`r${i}`, "x".repeat(i % 60)])],
        },
      ],
    });
    const prefixed = buildWorkbook({
      prefix: "x",
      sheets: [{ name: "Pipeline", rows: [PIPELINE_HEADERS, ...PIPELINE_ROWS] }],
    });
    for (const data of [makeRichWorkbook({ table: true }), makeRichWorkbook(), prefixed, long]) {
      const run = (wholeSheetBytes: number | undefined, codec?: ZipCodec) => {
        const book = openWorkbook(data, { wholeSheetBytes, codec });
        const table = book.readTable({ marker: MARKER.name });
        book.writeOutputs({
          sheetName: table.sheetName,
          headerRow: table.headerRow,
          firstDataRow: table.headerRow + 1,
          startCol: table.lastCol + 1,
          headers: OUTPUT_HEADERS,
          rows: table.rows.map((_, i) => ["Qualified", i, "B", 20, 5, `=row ${i}`]),
          tableName: table.tableName,
          firstCol: table.firstCol,
          formats: outputFormats(OUTPUT_HEADERS),
          marker: MARKER,
        });
        return { table, out: book.save() };
      };
      const whole = run(undefined);
      const streamed = run(0, {
        ...nodeCodec,
        inflateRaw: (bytes, size) => {
          if (size === entrySize(data, "xl/worksheets/sheet1.xml"))
            throw new Error("the sheet was inflated whole");
          return nodeCodec.inflateRaw(bytes, size);
        },
      });
      expect(streamed.table).to.deep.equal(whole.table);
      // The same parts with the same content (compressed in other pieces, so not the same compressed bytes).
      expect(changedParts(whole.out, streamed.out)).to.deep.equal({ changed: [], added: [], removed: [] });
    }
  });

  it("hands the data rows over as it rewrites the sheet, to a caller that read none (item 10)", () => {
    const gaps = buildWorkbook({
      sheets: [{ name: "S", rows: [["ID", "Deal Value"], ["a", 1], [], ["c", 3, "extra"]] }],
    });
    for (const data of [makeRichWorkbook({ table: true }), makeRichWorkbook(), gaps]) {
      for (const wholeSheetBytes of [undefined, 0]) {
        const kept = openWorkbook(data).readTable({ marker: MARKER.name });
        const book = openWorkbook(data, { wholeSheetBytes });
        const table = book.readTable({ marker: MARKER.name, keepRows: false });
        expect(table.rows).to.deep.equal([]);
        expect({ ...table, rows: kept.rows }).to.deep.equal(kept);
        const taken: Cell[][] = kept.rows.map(() => []);
        const shape = (row: Cell[]) => kept.rows[0].map((_, c) => row[c] ?? null);
        const asked: number[] = [];
        book.writeOutputs({
          sheetName: table.sheetName,
          headerRow: table.headerRow,
          firstDataRow: table.headerRow + 1,
          startCol: table.lastCol + 1,
          headers: ["Verdict"],
          rows: {
            length: kept.rows.length,
            at: (i) => {
              asked.push(i);
              // A row's cells are handed over before its outputs are asked for.
              expect(shape(taken[i]), `row ${i}`).to.deep.equal(shape(kept.rows[i]));
              return ["Qualified"];
            },
          },
          tableName: table.tableName,
          firstCol: table.firstCol,
          marker: MARKER,
          input: { firstCol: table.firstCol, lastCol: table.lastCol, take: (i, cells) => (taken[i] = cells) },
        });
        expect(taken.map(shape)).to.deep.equal(kept.rows.map(shape));
        expect(asked).to.deep.equal(kept.rows.map((_, i) => i));
      }
    }
  });

  it("hands over the same bytes piece by piece as save() gives whole", () => {
    const book = openWorkbook(makeRichWorkbook({ table: true }));
    const table = book.readTable({ marker: MARKER.name });
    book.writeSheetRows("Extra", [["a", 1]]);
    expect(table.rows.length).to.be.greaterThan(0);
    const pieces: Uint8Array[] = [];
    book.saveTo((b) => pieces.push(b));
    expect(pieces.length).to.be.greaterThan(1);
    expect(sameBytes(new Uint8Array(Buffer.concat(pieces)), book.save())).to.equal(true);
  });

  it("saves the package unchanged, entry for entry, when nothing was written", () => {
    const data = makeRichWorkbook();
    const book = openWorkbook(data);
    book.readTable();
    const out = book.save();
    const a = readZip(data);
    const b = readZip(out);
    expect(b.entries.map((e) => e.name)).to.deep.equal(a.entries.map((e) => e.name));
    a.entries.forEach((e, i) =>
      expect(sameBytes(rawEntryData(b, b.entries[i]), rawEntryData(a, e))).to.equal(true),
    );
  });

  it("writes nothing when a write is refused, and the handle goes on as before", () => {
    const data = buildWorkbook({
      sheets: [
        {
          name: "S",
          rows: [
            ["ID", "V", "", "Mine"],
            ["a", 1, "", "keep"],
          ],
        },
      ],
    });
    const book = openWorkbook(data);
    const table = book.readTable({ sheet: "S" });
    const spec = {
      sheetName: "S",
      headerRow: 0,
      firstDataRow: 1,
      startCol: 2,
      headers: ["Verdict", "Score"],
      rows: [["Qualified", 80]],
      marker: MARKER,
    };
    expect(table.lastCol).to.equal(3);
    expect(() => book.writeOutputs(spec)).to.throw(FileFormatError, /cell D1 already holds "Mine"/);
    expect(sameBytes(book.save(), openWorkbook(data).save())).to.equal(true);
    book.writeOutputs({ ...spec, startCol: 4 });
    const back = openWorkbook(book.save()).readTable({ sheet: "S", marker: MARKER.name });
    expect(back.headers).to.deep.equal(["ID", "V", "", "Mine", "Verdict", "Score"]);
    expect(back.marker).to.deep.equal({ r0: 0, c0: 4, r1: 0, c1: 5 });
  });

  it("stores small sheets: replaces one, adds a very hidden one, and reads its own writes", async () => {
    const data = makeRichWorkbook({ table: true });
    const book = openWorkbook(data);
    book.writeSheetRows("Summary", [
      ["Setting", "Value"],
      ["weights.financing", 12],
      ["formula-like", "=SUM(A1:A3)"],
    ]);
    book.writeSheetRows("_Hidden", [["Table", "Field"]], { state: "veryHidden" });
    book.writeSheetRows("_Hidden", [
      ["Table", "Field"],
      ["Deals", "dealValue"],
    ]);
    expect(book.sheetNames()).to.include("_Hidden");
    expect(book.readTable({ sheet: "_Hidden" }).rows).to.deep.equal([["Deals", "dealValue"]]);
    const out = book.save();
    const { changed, added, removed } = changedParts(data, out);
    expect(removed).to.deep.equal([]);
    expect(added).to.have.length(1);
    expect(changed.sort()).to.deep.equal(
      [
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
        "xl/worksheets/sheet2.xml",
      ].sort(),
    );
    const wb = await loadWithExcelJs(out);
    const notes = wb.getWorksheet("Summary")!;
    expect(notes.getCell("B2").value).to.equal(12);
    expect(notes.getCell("B3").value).to.equal("=SUM(A1:A3)");
    expect(notes.getCell("B3").formula).to.equal(undefined);
    const hidden = wb.getWorksheet("_Hidden")!;
    expect(hidden.state).to.equal("veryHidden");
    expect(exceljsValues(hidden)).to.deep.equal([
      ["Table", "Field"],
      ["Deals", "dealValue"],
    ]);
    expect(exceljsValues(wb.getWorksheet("Pipeline")!)[0]).to.deep.equal(PIPELINE_HEADERS);
  });

  it("refuses to store rows over a sheet that has no cells, leaving the handle as it was", () => {
    const data = buildWorkbook({ sheets: [{ name: "S", rows: [["a", "b"]] }], chartSheet: "Chart1" });
    const book = openWorkbook(data);
    expect(() => book.writeSheetRows("chart1", [["x"]])).to.throw(
      FileFormatError,
      /'Chart1' exists and is not a worksheet/,
    );
    expect(book.sheetNames()).to.deep.equal(["S", "Chart1"]);
    expect(sameBytes(book.save(), openWorkbook(data).save())).to.equal(true);
  });

  it("reads a sheet edited earlier on the same handle from its new content", () => {
    const data = buildWorkbook({
      sheets: [
        {
          name: "S",
          rows: [
            ["ID", "V"],
            ["a", 1],
            ["b", 2],
          ],
        },
      ],
    });
    const book = openWorkbook(data, { codec: nodeCodec });
    const spec = {
      sheetName: "S",
      headerRow: 0,
      firstDataRow: 1,
      startCol: 2,
      headers: ["Verdict"],
      rows: [["Qualified"], ["Conditional"]],
      marker: MARKER,
    };
    book.writeOutputs(spec);
    const t = book.readTable({ sheet: "S", marker: MARKER.name });
    expect(t.rows).to.deep.equal([
      ["a", 1, "Qualified"],
      ["b", 2, "Conditional"],
    ]);
    book.writeOutputs({ ...spec, rows: [["Not qualified"], ["Qualified"]] });
    const back = openWorkbook(book.save()).readTable({ sheet: "S" });
    expect(back.rows.map((r) => r[2])).to.deep.equal(["Not qualified", "Qualified"]);
    expect(text(book.save(), "xl/workbook.xml").match(/_OppQualifier_Output/g)).to.have.length(1);
  });
});
