import { expect } from "chai";
import { strToU8, zipSync } from "fflate";
import { FileFormatError, openWorkbook } from "../../src/files/xlsx";
import type { Cell } from "../../src/model";
import { listSheets, readWorkbookTable, writeOutputColumns } from "./adapter";
import {
  buildWorkbook,
  makeRichWorkbook,
  makeWorkbookWithChart,
  PIPELINE_HEADERS,
  PIPELINE_ROWS,
  zipParts,
} from "./fixtures";
import { rezip, text, withPart, workbookFromExcelJs } from "./helpers";

function expectFormatError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected a FileFormatError").to.be.instanceOf(FileFormatError);
  expect((caught as Error).message).to.match(pattern);
  expect((caught as Error).message).not.to.include("\n");
}

describe("files/xlsx: reading", () => {
  describe("listSheets", () => {
    it("lists every sheet in workbook order, chart sheets included", () => {
      const wb = buildWorkbook({
        sheets: [
          { name: "Pipeline", rows: [["a"]] },
          { name: "Notes & Ideas", rows: [["b"]] },
        ],
        chartSheet: "Chart1",
      });
      expect(listSheets(wb)).to.deep.equal(["Pipeline", "Notes & Ideas", "Chart1"]);
    });
  });

  describe("used range", () => {
    it("reads every stored cell type as the engine expects it", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "Data",
            rows: [
              ["Name", "Value", "Flag", "Err", "Formula", "Rich", "Inline", "Date"],
              [
                "Alpha & Co <1>",
                1200000,
                true,
                { error: "#N/A" },
                { f: "B2*2", v: 2400000 },
                { rich: ["Bold", " and plain"] },
                { inline: "  spaced  " },
                new Date(Date.UTC(2025, 5, 30)),
              ],
              [
                "Beta",
                0.25,
                false,
                { error: "#DIV/0!" },
                { f: 'A3&"!"', v: "Beta!" },
                "x",
                { inline: "" },
                45000.5,
              ],
              [
                "Gamma",
                -3.5e-7,
                { f: "TRUE()", v: true },
                { f: "1/0", v: "#DIV/0!", t: "e" },
                { f: "NOW()" },
                "y",
                "z",
                1,
              ],
            ],
          },
        ],
      });
      const t = readWorkbookTable(wb);
      expect(t.sheetName).to.equal("Data");
      expect(t.tableName).to.equal(undefined);
      expect([t.headerRow, t.firstCol, t.lastCol, t.lastRow]).to.deep.equal([0, 0, 7, 3]);
      expect(t.headers).to.deep.equal(["Name", "Value", "Flag", "Err", "Formula", "Rich", "Inline", "Date"]);
      expect(t.rows[0]).to.deep.equal([
        "Alpha & Co <1>",
        1200000,
        true,
        { error: "#N/A" },
        2400000,
        "Bold and plain",
        "  spaced  ",
        45838, // 2025-06-30 as an Excel serial: dates stay numbers
      ]);
      expect(t.rows[1]).to.deep.equal(["Beta", 0.25, false, { error: "#DIV/0!" }, "Beta!", "x", "", 45000.5]);
      // A formula with no cached value reads as blank.
      expect(t.rows[2]).to.deep.equal(["Gamma", -3.5e-7, true, { error: "#DIV/0!" }, null, "y", "z", 1]);
    });

    it("keeps empty rows and blank cells in place, and ignores trailing formatting-only cells", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              "<sheetData>" +
              '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>Value</t></is></c><c r="C1" t="inlineStr"><is><t>Note</t></is></c></row>' +
              '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="C2"><v>3</v></c></row>' +
              '<row r="5"><c r="A5" s="1"/><c r="B5"><v>7</v></c></row>' +
              '<row r="6" customFormat="1" s="1"><c r="A6" s="1"/><c r="D6" s="1"/></row>' +
              '<row r="9" s="1" customFormat="1"/>' +
              "</sheetData>",
          },
        ],
      });
      const t = readWorkbookTable(wb);
      expect([t.headerRow, t.firstCol, t.lastCol, t.lastRow]).to.deep.equal([0, 0, 2, 4]);
      expect(t.rows).to.deep.equal([
        ["a", null, 3],
        [null, null, null],
        [null, null, null],
        [null, 7, null],
      ]);
    });

    it("takes the first row with two or more values as the header, below a title", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "Report",
            startRow: 2,
            startCol: 3,
            rows: [["Q3 pipeline report"], [], ["ID", "Deal Value"], ["X-1", 10], ["X-2", 20]],
          },
        ],
      });
      const t = readWorkbookTable(wb);
      expect([t.headerRow, t.firstCol, t.lastCol, t.lastRow]).to.deep.equal([3, 2, 3, 5]);
      expect(t.headers).to.deep.equal(["ID", "Deal Value"]);
      expect(t.rows).to.deep.equal([
        ["X-1", 10],
        ["X-2", 20],
      ]);
    });

    it("starts from the first visible worksheet", () => {
      const wb = buildWorkbook({
        sheets: [
          { name: "Lists", rows: [["Hidden", "lookup"]], hidden: true },
          {
            name: "Pipeline",
            rows: [
              ["ID", "Value"],
              ["a", 1],
            ],
          },
        ],
      });
      expect(readWorkbookTable(wb).sheetName).to.equal("Pipeline");
      expect(readWorkbookTable(wb, { sheet: "Lists" }).headers).to.deep.equal(["Hidden", "lookup"]);
    });

    it("reads a one-column sheet from its first value", () => {
      const wb = buildWorkbook({ sheets: [{ name: "S", rows: [["Name"], ["a"], ["b"]] }] });
      const t = readWorkbookTable(wb);
      expect(t.headers).to.deep.equal(["Name"]);
      expect(t.rows).to.deep.equal([["a"], ["b"]]);
    });

    it("decodes entities and Excel's _xHHHH_ escapes", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>A&amp;B &lt;c&gt; &#233;</t></is></c>' +
              '<c r="B1" t="str"><f>X</f><v>line1_x000D_\nline2 _x005F_x0041_</v></c></row></sheetData>',
          },
        ],
      });
      expect(readWorkbookTable(wb).headers).to.deep.equal(["A&B <c> é", "line1\r\nline2 _x0041_"]);
    });

    it("reads sheets whose elements carry a namespace prefix, and cells without references", () => {
      const prefixed = buildWorkbook({
        prefix: "x",
        strings: "inline",
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "V"],
              ["a", 1],
              ["b", 2.5],
            ],
          },
        ],
      });
      expect(readWorkbookTable(prefixed).rows).to.deep.equal([
        ["a", 1],
        ["b", 2.5],
      ]);
      const noRefs = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              '<sheetData><row><c t="inlineStr"><is><t>ID</t></is></c><c t="inlineStr"><is><t>V</t></is></c></row>' +
              '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>4</v></c></row></sheetData>',
          },
        ],
      });
      const t = readWorkbookTable(noRefs);
      expect([t.headerRow, t.lastRow]).to.deep.equal([0, 1]);
      expect(t.rows).to.deep.equal([["a", 4]]);
    });

    it("reads sheets stored without compression, and sheets written in UTF-16", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Name"],
              ["a", "Zoë"],
            ],
          },
        ],
      });
      expect(readWorkbookTable(rezip(wb, 0)).rows).to.deep.equal([["a", "Zoë"]]);
      const xml = text(wb, "xl/worksheets/sheet1.xml").replace('encoding="UTF-8"', 'encoding="UTF-16"');
      const utf16 = rezip(wb, 6, {
        "xl/worksheets/sheet1.xml": new Uint8Array(Buffer.from("\ufeff" + xml, "utf16le")),
      });
      expect(readWorkbookTable(utf16).rows).to.deep.equal([["a", "Zoë"]]);
    });

    it("shifts date serials of a 1904-based workbook to the 1900 system the engine uses", () => {
      const wb = buildWorkbook({
        date1904: true,
        sheets: [
          {
            name: "S",
            rows: [
              ["Due", "Count"],
              [{ s: 2, v: 44000 }, 5],
            ],
          },
        ],
      });
      expect(readWorkbookTable(wb).rows).to.deep.equal([[44000 + 1462, 5]]);
    });
  });

  describe("Excel tables", () => {
    const tableBook = () =>
      buildWorkbook({
        sheets: [
          { name: "Intro", rows: [["Read me", "first"]] },
          {
            name: "Deals",
            rows: [
              ["ID", "Value", ""],
              ["a", 1, "x"],
              ["b", 2, "y"],
              ["Total", 3, null],
              ["outside", 9, 9, 9],
            ],
            tables: [
              { name: "Pipeline", ref: "A1:C4", totalsRow: true, columns: ["ID", "Value", "Comment"] },
            ],
          },
        ],
      });

    it("uses the first table in the workbook when no sheet is named, without its totals row", () => {
      const t = readWorkbookTable(tableBook());
      expect(t.sheetName).to.equal("Deals");
      expect(t.tableName).to.equal("Pipeline");
      expect([t.headerRow, t.firstCol, t.lastCol, t.lastRow]).to.deep.equal([0, 0, 2, 2]);
      // A blank header cell takes the table column's name.
      expect(t.headers).to.deep.equal(["ID", "Value", "Comment"]);
      expect(t.rows).to.deep.equal([
        ["a", 1, "x"],
        ["b", 2, "y"],
      ]);
    });

    it("uses the used range of a named sheet without a table", () => {
      const t = readWorkbookTable(tableBook(), { sheet: "intro" });
      expect(t.sheetName).to.equal("Intro");
      expect(t.tableName).to.equal(undefined);
      expect(t.headers).to.deep.equal(["Read me", "first"]);
    });

    it("reads the table of the rich workbook and leaves the other sheets alone", () => {
      const t = readWorkbookTable(makeRichWorkbook({ table: true }));
      expect(t.tableName).to.equal("Deals");
      expect(t.headers).to.deep.equal(PIPELINE_HEADERS);
      expect(t.rows).to.deep.equal(PIPELINE_ROWS);
    });

    it("refuses a table that has no header row", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["a", 1],
              ["b", 2],
            ],
            tables: [{ name: "NoHead", columns: ["A", "B"] }],
          },
        ],
      });
      const headless = withPart(wb, "xl/tables/table1.xml", (xml) =>
        xml.replace('ref="A1:B2"', 'ref="A1:B2" headerRowCount="0"'),
      );
      expectFormatError(() => readWorkbookTable(headless), /^table 'NoHead' on sheet 'S' has no header row$/);
    });

    it("picks the top-left table when a sheet has several", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["A", "B", null, "C", "D"],
              [1, 2, null, 3, 4],
            ],
            tables: [
              { name: "Right", ref: "D1:E2", columns: ["C", "D"] },
              { name: "Left", ref: "A1:B2", columns: ["A", "B"] },
            ],
          },
        ],
      });
      expect(readWorkbookTable(wb).tableName).to.equal("Left");
    });
  });

  describe("errors", () => {
    it("names the sheets when the sheet is not found", () => {
      expectFormatError(
        () => readWorkbookTable(makeRichWorkbook(), { sheet: "Deals 2024" }),
        /^sheet 'Deals 2024' not found; sheets are: Pipeline, Summary, Pivot$/,
      );
    });

    it("refuses a chart sheet and an empty sheet with a clear line", () => {
      const wb = buildWorkbook({ sheets: [{ name: "Empty", rows: [] }], chartSheet: "Chart" });
      expectFormatError(() => readWorkbookTable(wb, { sheet: "Chart" }), /sheet 'Chart' is a chart sheet/);
      expectFormatError(() => readWorkbookTable(wb), /^sheet 'Empty' has no header row/);
    });

    it("says a file that is not a zip is not a workbook", () => {
      expectFormatError(
        () => readWorkbookTable(strToU8("ID,Name\n1,x\n")),
        /^not an xlsx workbook \(not a zip package\)$/,
      );
      expectFormatError(() => listSheets(new Uint8Array(0)), /not a zip package/);
    });

    it("recognises a legacy .xls or encrypted workbook", () => {
      const ole = new Uint8Array(512);
      ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
      expectFormatError(() => readWorkbookTable(ole), /legacy \.xls or a password-protected workbook/);
    });

    it("says a zip without a workbook part is not a workbook", () => {
      const zip = zipSync({ "readme.txt": strToU8("hello"), "word/document.xml": strToU8("<w/>") });
      expectFormatError(() => readWorkbookTable(zip), /^not an xlsx workbook \(no xl\/workbook\.xml\)$/);
    });

    it("reports a truncated package instead of crashing", () => {
      const wb = makeRichWorkbook();
      expectFormatError(
        () => readWorkbookTable(wb.subarray(0, wb.length - 30)),
        /not an xlsx workbook|damaged/,
      );
      // Damage the sheet's compressed data (an invalid block type) but keep the directory intact.
      const damaged = wb.slice();
      const name = strToU8("xl/worksheets/sheet1.xml");
      let at = -1;
      for (let i = 0; i < damaged.length && at < 0; i++) {
        if (damaged[i] === 0x50 && damaged[i + 1] === 0x4b && damaged[i + 2] === 3 && damaged[i + 3] === 4) {
          const len = damaged[i + 26] | (damaged[i + 27] << 8);
          const extra = damaged[i + 28] | (damaged[i + 29] << 8);
          if (len === name.length && name.every((c, k) => damaged[i + 30 + k] === c))
            at = i + 30 + len + extra;
        }
      }
      expect(at).to.be.greaterThan(0);
      damaged[at] = 0xff;
      expectFormatError(() => readWorkbookTable(damaged), /part xl\/worksheets\/sheet1\.xml is damaged/);
    });

    it("names the cell whose shared string does not exist", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>99</v></c></row></sheetData>',
          },
        ],
        strings: "shared",
      });
      // The fixture writes no shared strings part, so even index 0 is missing.
      expectFormatError(
        () => readWorkbookTable(wb),
        /sheet 'S' cell A1 refers to shared string 0 but the workbook has 0/,
      );
    });
  });

  describe("workbooks from other writers", () => {
    it("reads an ExcelJS workbook (shared strings, data descriptors) as ExcelJS does", async () => {
      const data = await workbookFromExcelJs((wb) => {
        const ws = wb.addWorksheet("Pipeline");
        ws.addRow(["ID", "Value", "Due", "Won"]);
        ws.addRow(["a", 1.5, new Date(Date.UTC(2025, 0, 31)), true]);
        ws.addRow(["b", { formula: "B2*2", result: 3 }, null, false]);
        ws.addRow(["c", { richText: [{ text: "ri" }, { text: "ch", font: { bold: true } }] }, "text", null]);
      });
      const t = readWorkbookTable(data);
      expect(t.headers).to.deep.equal(["ID", "Value", "Due", "Won"]);
      expect(t.rows).to.deep.equal([
        ["a", 1.5, 45688, true],
        ["b", 3, null, false],
        ["c", "rich", "text", null],
      ]);
    });

    it("makeWorkbookWithChart holds the rows on 'Pipeline'", () => {
      const t = readWorkbookTable(makeWorkbookWithChart(PIPELINE_ROWS, PIPELINE_HEADERS), {
        sheet: "Pipeline",
      });
      expect(t.headers).to.deep.equal(PIPELINE_HEADERS);
      expect(t.rows).to.deep.equal(PIPELINE_ROWS);
    });
  });

  it("reads 20,000 rows of 25 columns exactly", () => {
    const headers = Array.from({ length: 25 }, (_v, i) => `H${i + 1}`);
    const rows = Array.from({ length: 20000 }, (_v, r) =>
      headers.map((_h, c) => (c % 3 === 0 ? `t${r}-${c}` : c % 3 === 1 ? r * 25 + c : (r + c) / 8)),
    );
    const t = readWorkbookTable(buildWorkbook({ sheets: [{ name: "Big", rows: [headers, ...rows] }] }));
    expect(t.rows.length).to.equal(20000);
    expect(t.rows).to.deep.equal(rows);
  });

  it("reads and writes a row longer than the streaming block (a megabyte of text in one cell)", () => {
    const long = "é".repeat(700000);
    const wb = buildWorkbook({
      strings: "inline",
      sheets: [
        {
          name: "S",
          rows: [
            ["ID", "Note"],
            ["a", long],
            ["b", "short"],
          ],
        },
      ],
    });
    const t = readWorkbookTable(wb);
    expect(t.rows.map((r) => r[0])).to.deep.equal(["a", "b"]);
    expect(t.rows[0][1]).to.equal(long);
    const out = writeOutputColumns(wb, {
      sheetName: "S",
      headerRow: 0,
      firstDataRow: 1,
      startCol: 2,
      headers: ["Verdict"],
      rows: [["Qualified"], ["Conditional"]],
    });
    expect(readWorkbookTable(out).rows).to.deep.equal([
      ["a", long, "Qualified"],
      ["b", "short", "Conditional"],
    ]);
  });

  it("builds fixtures that other tests can zip by hand", () => {
    const wb = zipParts({ "[Content_Types].xml": "<Types/>" });
    expectFormatError(() => readWorkbookTable(wb), /no xl\/workbook\.xml/);
  });
});

describe("files/xlsx: stray far cells (issue 11 item 12)", function () {
  this.timeout(30_000);
  const rows = [
    ["ID", "Deal Value"],
    ["a", 1],
    ["b", 2],
  ];
  /** The fixture with `cell` added to its sheet XML: in row `row` (its own row element when new). */
  const withCell = (row: number, ref: string, own: boolean) =>
    withPart(buildWorkbook({ sheets: [{ name: "S", rows }] }), "xl/worksheets/sheet1.xml", (xml) => {
      const c = `<c r="${ref}" t="inlineStr"><is><t>far</t></is></c>`;
      return own
        ? xml.replace("</sheetData>", `<row r="${row}">${c}</row></sheetData>`)
        : xml.replace(new RegExp(`(<row r="${row}"[^>]*>[\\s\\S]*?)</row>`), `$1${c}</row>`);
    });

  it("reads a value at XFD sparsely: rows keep their own width", () => {
    const t = readWorkbookTable(withCell(2, "XFD2", false));
    expect(t.lastCol).to.equal(16383);
    expect(t.headers).to.have.length(16384);
    expect(t.rows[0].slice(0, 2)).to.deep.equal(["a", 1]);
    expect(t.rows[0][16383]).to.equal("far");
    expect(t.rows[1]).to.deep.equal(["b", 2]);
  });

  it("reads a value at row 1,048,576, the rows between blank", () => {
    const t = readWorkbookTable(withCell(1048576, "A1048576", true));
    expect(t.rows).to.have.length(1048575);
    expect(t.rows[1048574]).to.deep.equal(["far", null]);
    expect(t.rows[500000]).to.deep.equal([null, null]);
  });

  it("refuses a reference beyond XFD or row 1,048,576 in one line", () => {
    expectFormatError(
      () => readWorkbookTable(withCell(2, "XFE2", false)),
      /^sheet 'S' has a cell reference beyond the last column XFD or row 1048576 \(XFE2\)$/,
    );
    expectFormatError(
      () => readWorkbookTable(withCell(1048577, "A1048577", true)),
      /^sheet 'S' has a cell reference beyond the last column XFD or row 1048576 \(row 1048577\)$/,
    );
  });
});

describe("files/xlsx: eachRow streams a table's rows", () => {
  it("hands over the rows readTable holds, in order, under a header row that does not start at A1", () => {
    const rows = [
      ["Notes", null, null, null],
      [null, "Opportunity ID", "Customer", "Deal Value"],
      ["x", "OPP-1", "Acme", 1200],
      [null, "OPP-2", null, 3.5],
      [null, null, null, null],
      [null, "OPP-4", "Société", true],
    ];
    for (const strings of ["shared", "inline"] as const) {
      const wb = buildWorkbook({ strings, sheets: [{ name: "Pipeline", rows, startRow: 3, startCol: 2 }] });
      const whole = openWorkbook(wb).readTable();
      const book = openWorkbook(wb);
      const table = book.readTable({ keepRows: false });
      expect(table.rows).to.deep.equal([]);
      const seen: [number, Cell[]][] = [];
      book.eachRow(table, (i, cells) => seen.push([i, cells]));
      expect(seen).to.deep.equal(whole.rows.map((r, i) => [i, r]));
      expect(seen[3]).to.deep.equal([3, [null, "OPP-4", "Société", true]]);
    }
  });

  it("leaves out rows the sheet does not have, and stops at the table's last row", () => {
    const wb = buildWorkbook({
      strings: "inline",
      sheets: [
        {
          name: "Pipeline",
          sheetDataXml:
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Opportunity ID</t></is></c></row>' +
            '<row r="4"><c r="A4" t="inlineStr"><is><t>OPP-3</t></is></c></row>' +
            '<row r="6"><c r="A6" t="inlineStr"><is><t>OPP-5</t></is></c></row></sheetData>',
        },
      ],
    });
    const book = openWorkbook(wb);
    const table = book.readTable({ keepRows: false });
    const seen: [number, Cell[]][] = [];
    book.eachRow(table, (i, cells) => seen.push([i, cells]));
    expect(seen).to.deep.equal([
      [2, ["OPP-3"]],
      [4, ["OPP-5"]],
    ]);
  });
});

describe("files/xlsx: readTable without rows kept (the CLI's streamed read)", () => {
  it("finds the same bounds as reading every row, and keeps the sample under the header, one column or many", () => {
    const many = [
      ["Pipeline export", null, null],
      [null, null, null],
      ["Opportunity ID", "Customer", "Deal Value"],
      ["OPP-1", "Acme", 10],
      ["OPP-2", null, null, null, "stray"],
      [null, null, null],
      ["OPP-4", "Beta", 40],
    ];
    const single = [["Opportunity ID"], ["OPP-1"], ["OPP-2"], [null], ["OPP-4"]];
    for (const rows of [many, single]) {
      const wb = buildWorkbook({ sheets: [{ name: "P", rows }] });
      const whole = openWorkbook(wb).readTable();
      const streamed = openWorkbook(wb).readTable({ keepRows: false, sampleRows: 2 });
      const { rows: _all, ...bounds } = whole;
      const { rows: sample, ...streamedBounds } = streamed;
      expect(streamedBounds).to.deep.equal(bounds);
      expect(sample).to.deep.equal(whole.rows.slice(0, 2));
    }
  });
});
