import { expect } from "chai";
import { FileFormatError, type SheetTable } from "../../src/files/xlsx";
import { VERDICT_COLOURS } from "../../src/port/formats";
import { markedColumns, readWorkbookTable, writeOutputColumns, type WriteTarget } from "./adapter";
import { nodeCodec } from "../../src/cli/codec";
import { rawEntryData, readZip } from "../../src/files/zip";
import {
  buildWorkbook,
  makeRichWorkbook,
  makeWorkbookWithChart,
  PIPELINE_HEADERS,
  PIPELINE_ROWS,
} from "./fixtures";
import {
  assertWellFormed,
  assertWorksheetOrder,
  cellElements,
  changedParts,
  colOf,
  exceljsValues,
  loadWithExcelJs,
  parts,
  rezip,
  sameBytes,
  streamedWorkbook,
  text,
  withPart,
} from "./helpers";

const OUTPUT_HEADERS = ["Verdict", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"];
const SHEET = "xl/worksheets/sheet1.xml";

/** Output rows shaped like the engine's, including text a spreadsheet would take for a formula. */
function outputs(n: number, salt = 0): (string | number | null)[][] {
  const verdicts = ["Qualified", "Conditional", "Not qualified"];
  return Array.from({ length: n }, (_v, i) => [
    verdicts[(i + salt) % 3],
    60 + i + salt,
    "B",
    20 + 3 * i,
    12.5 + i,
    i % 2 ? "=SUM(A1:A9) looks like a formula" : `Financing Secured; margin ${i + salt}%`,
  ]);
}

function targetFor(t: SheetTable, rows = outputs(t.rows.length)): WriteTarget {
  return {
    sheetName: t.sheetName,
    headerRow: t.headerRow,
    firstDataRow: t.headerRow + 1,
    startCol: t.marker?.c0 ?? t.lastCol + 1,
    headers: OUTPUT_HEADERS,
    rows,
    tableName: t.tableName,
    firstCol: t.firstCol,
  };
}

function score(data: Uint8Array, rows?: (string | number | null)[][]): Uint8Array {
  const t = readWorkbookTable(data);
  return writeOutputColumns(data, targetFor(t, rows));
}

function expectFormatError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected a FileFormatError").to.be.instanceOf(FileFormatError);
  expect((caught as Error).message).to.match(pattern);
}

describe("files/xlsx: writing output columns", () => {
  for (const table of [false, true]) {
    describe(table ? "into an Excel table" : "into a plain range", () => {
      const before = makeRichWorkbook({ table });
      const after = score(before);

      it("changes only the sheet, styles, workbook and table parts; every other part keeps its bytes", () => {
        const diff = changedParts(before, after);
        const expected = ["xl/styles.xml", "xl/workbook.xml", SHEET];
        if (table) expected.push("xl/tables/table1.xml");
        expect(diff.changed).to.deep.equal(expected.sort());
        expect(diff.added).to.deep.equal([]);
        expect(diff.removed).to.deep.equal([]);
        // Untouched entries are copied compressed, not recompressed, and keep their order.
        const a = readZip(before);
        const b = readZip(after);
        expect(b.entries.map((e) => e.name)).to.deep.equal(a.entries.map((e) => e.name));
        for (const e of a.entries) {
          if (expected.includes(e.name)) continue;
          const f = b.entries.find((x) => x.name === e.name)!;
          expect(sameBytes(rawEntryData(a, e), rawEntryData(b, f)), e.name).to.equal(true);
        }
        for (const name of [
          "xl/charts/chart1.xml",
          "xl/pivotTables/pivotTable1.xml",
          "xl/vbaProject.bin",
          "xl/media/image1.png",
        ]) {
          expect(parts(after)).to.have.property(name);
        }
      });

      it("leaves every cell outside the output columns exactly as written", () => {
        const was = cellElements(text(before, SHEET));
        const now = cellElements(text(after, SHEET));
        for (const [ref, xml] of was) expect(now.get(ref), ref).to.equal(xml);
        const added = [...now.keys()].filter((r) => !was.has(r));
        expect(added.every((r) => colOf(r) >= 7 && colOf(r) <= 12)).to.equal(true);
        expect(added.length).to.equal(6 * (PIPELINE_ROWS.length + 1));
        const sheet = text(after, SHEET);
        // The sheet's own formatting, validation and drawing link survive.
        expect(sheet).to.include(
          '<cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>1000000</formula></cfRule>',
        );
        expect(sheet).to.include('<dataValidation type="list" allowBlank="1" sqref="E2:E5">');
        expect(sheet).to.include('<drawing r:id="rIdDr1"/>');
      });

      it("writes outputs as values, never formulas, and keeps the schema's element order", () => {
        const sheet = text(after, SHEET);
        assertWellFormed(sheet);
        assertWorksheetOrder(sheet);
        const cells = cellElements(sheet);
        expect(cells.get("G1")).to.match(/t="inlineStr"><is><t>Verdict<\/t><\/is>/);
        expect(cells.get("G1")).to.include('s="1"'); // looks like the header to its left
        expect(cells.get("H2")).to.equal('<c r="H2"><v>60</v></c>');
        expect(cells.get("L3")).to.include("<t>=SUM(A1:A9) looks like a formula</t>");
        for (const [ref, xml] of cells) if (colOf(ref) >= 7) expect(xml, ref).not.to.match(/<f[\s>]/);
        expect(sheet).to.match(/<dimension ref="A1:L5"\/>/);
        for (const name of ["xl/styles.xml", "xl/workbook.xml"]) assertWellFormed(text(after, name));
      });

      it("colours the verdicts with dxf styles appended to styles.xml and puts a colour scale on Risk", () => {
        const sheet = text(after, SHEET);
        const styles = text(after, "xl/styles.xml");
        expect(styles).to.include('<dxfs count="5">');
        const dxfs = [...styles.matchAll(/<dxf>[\s\S]*?<\/dxf>/g)].map((m) => m[0]);
        const block = /<conditionalFormatting sqref="G2:G5">([\s\S]*?)<\/conditionalFormatting>/.exec(sheet);
        expect(block, "verdict formatting").to.not.equal(null);
        for (const [verdict, colour] of Object.entries(VERDICT_COLOURS)) {
          const rule = new RegExp(
            `<cfRule type="cellIs" dxfId="(\\d+)" priority="\\d+" operator="equal"><formula>&quot;${verdict}&quot;|<cfRule type="cellIs" dxfId="(\\d+)" priority="\\d+" operator="equal"><formula>"${verdict}"`,
          ).exec(block![1]);
          expect(rule, verdict).to.not.equal(null);
          const id = Number(rule![1] ?? rule![2]);
          expect(dxfs[id]).to.include(`<bgColor rgb="FF${colour.fill.slice(1)}"/>`);
        }
        expect(sheet).to.match(
          /<conditionalFormatting sqref="J2:J5"><cfRule type="colorScale" priority="\d+"><colorScale>/,
        );
        // Rule priorities stay unique on the sheet.
        const priorities = [...sheet.matchAll(/priority="(\d+)"/g)].map((m) => m[1]);
        expect(new Set(priorities).size).to.equal(priorities.length);
      });

      if (!table) {
        it("sets an autofilter over data and output columns, with Excel's hidden filter name", () => {
          expect(text(after, SHEET)).to.include('<autoFilter ref="A1:L5"/>');
          expect(text(after, "xl/workbook.xml")).to.include(
            `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Pipeline!$A$1:$L$5</definedName>`,
          );
        });
      } else {
        it("widens the table and its filter with one new column per output, ids unique", () => {
          const tableXml = text(after, "xl/tables/table1.xml");
          assertWellFormed(tableXml);
          expect(tableXml).to.include('ref="A1:L5"');
          expect(tableXml).to.include('<autoFilter ref="A1:L5"/>');
          expect(tableXml).to.include('<tableColumns count="12">');
          const cols = [...tableXml.matchAll(/<tableColumn id="(\d+)" name="([^"]*)"/g)];
          expect(cols.map((m) => m[2])).to.deep.equal([...PIPELINE_HEADERS, ...OUTPUT_HEADERS]);
          expect(new Set(cols.map((m) => m[1])).size).to.equal(12);
          expect(text(after, SHEET)).not.to.include("<autoFilter");
        });
      }

      it("opens in ExcelJS with the values written", async () => {
        const wb = await loadWithExcelJs(after);
        const values = exceljsValues(wb.getWorksheet("Pipeline")!);
        expect(values[0]).to.deep.equal([...PIPELINE_HEADERS, ...OUTPUT_HEADERS]);
        const out = outputs(PIPELINE_ROWS.length);
        PIPELINE_ROWS.forEach((row, i) => expect(values[i + 1]).to.deep.equal([...row, ...out[i]]));
        expect(wb.getWorksheet("Summary")!.getCell("B1").value).to.deep.include({
          formula: "SUM(Pipeline!D2:D5)",
        });
      });

      it("records its columns so a re-run updates them in place, byte-identical when nothing changed", () => {
        expect(markedColumns(before, "Pipeline")).to.equal(null);
        expect(markedColumns(after, "Pipeline")).to.deep.equal({ r0: 0, c0: 6, r1: 0, c1: 11 });
        const t = readWorkbookTable(after);
        expect(t.marker).to.deep.equal({ r0: 0, c0: 6, r1: 0, c1: 11 });
        expect(t.lastCol).to.equal(11);
        const again = writeOutputColumns(after, targetFor(t, outputs(t.rows.length)));
        expect(sameBytes(again, after)).to.equal(true);
        const changed = writeOutputColumns(after, targetFor(t, outputs(t.rows.length, 1)));
        const sheet = text(changed, SHEET);
        expect(readWorkbookTable(changed).rows.map((r) => r.slice(6))).to.deep.equal(
          outputs(t.rows.length, 1),
        );
        expect(sheet.match(/<conditionalFormatting /g)!.length).to.equal(3);
        expect(text(changed, "xl/styles.xml")).to.include('<dxfs count="5">');
        expect(text(changed, "xl/workbook.xml").match(/_OppQualifier_Output/g)!.length).to.equal(1);
        if (table) expect(text(changed, "xl/tables/table1.xml")).to.include('<tableColumns count="12">');
      });
    });
  }

  describe("the chart workbook other tests reuse", () => {
    it("keeps its chart, drawing and formulas after scoring 'Pipeline'", async () => {
      const before = makeWorkbookWithChart(PIPELINE_ROWS, PIPELINE_HEADERS);
      const after = score(before);
      const diff = changedParts(before, after);
      expect(diff.changed).to.deep.equal(["xl/styles.xml", "xl/workbook.xml", SHEET]);
      expect(diff.removed).to.deep.equal([]);
      expect(parts(after)).to.include.keys("xl/charts/chart1.xml", "xl/drawings/drawing1.xml");
      const wb = await loadWithExcelJs(after);
      expect(wb.getWorksheet("Pipeline")!.getCell("G1").value).to.equal("Verdict");
    });
  });

  describe("markers", () => {
    it("keeps one marker per sheet, so scoring two sheets does not confuse re-runs", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "East",
            rows: [
              ["ID", "Deal Value"],
              ["e1", 1],
            ],
          },
          {
            name: "West",
            rows: [
              ["ID", "Deal Value"],
              ["w1", 2],
              ["w2", 3],
            ],
          },
        ],
      });
      const east = readWorkbookTable(wb, { sheet: "East" });
      const once = writeOutputColumns(wb, targetFor(east));
      const west = readWorkbookTable(once, { sheet: "West" });
      const twice = writeOutputColumns(once, targetFor(west));
      expect(markedColumns(twice, "East")).to.deep.equal({ r0: 0, c0: 2, r1: 0, c1: 7 });
      expect(markedColumns(twice, "West")).to.deep.equal({ r0: 0, c0: 2, r1: 0, c1: 7 });
      const eastAgain = readWorkbookTable(twice, { sheet: "East" });
      expect(eastAgain.marker?.c0).to.equal(2);
      expect(text(twice, "xl/workbook.xml").match(/_OppQualifier_Output/g)!.length).to.equal(2);
    });

    it("honours a marker that Excel moved when the user inserted a column", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "X", "Verdict", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"],
              ["a", 1, "Old", 1, "D", 9, 9, "old"],
            ],
          },
        ],
        definedNames: [{ name: "_OppQualifier_Output", value: "'S'!$C$1:$H$1", localSheetId: 0 }],
      });
      const t = readWorkbookTable(wb);
      expect(t.marker).to.deep.equal({ r0: 0, c0: 2, r1: 0, c1: 7 });
      const out = writeOutputColumns(wb, targetFor(t, outputs(1)));
      expect(readWorkbookTable(out).rows[0]).to.deep.equal(["a", 1, ...outputs(1)[0]]);
    });
  });

  describe("safety", () => {
    it("refuses to overwrite a user's column next to the data", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value"],
              ["a", 1],
            ],
          },
        ],
      });
      const t = readWorkbookTable(wb);
      const blocked = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value", null, "Owner"],
              ["a", 1],
            ],
          },
        ],
      });
      expectFormatError(
        () => writeOutputColumns(blocked, targetFor(t)),
        /^sheet 'S' cell D1 already holds "Owner"; writing output columns C:H would overwrite it$/,
      );
      const dataBelow = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value"],
              ["a", 1, null, null, 42],
            ],
          },
        ],
      });
      expectFormatError(
        () => writeOutputColumns(dataBelow, targetFor(t)),
        /cell E2 holds data in a column that is not an output column/,
      );
    });

    it("never trusts the marker or a blank header over a user's data (issue 11 item 1)", () => {
      // Excel grew the marker over a column the user inserted inside the output block: the marker covers it, its
      // header is the user's, and the writer must still refuse to write there.
      const grown = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "X", "Verdict", "Notes", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"],
              ["a", 1, "Old", "mine", 1, "D", 9, 9, "old"],
            ],
          },
        ],
        definedNames: [{ name: "_OppQualifier_Output", value: "'S'!$C$1:$I$1", localSheetId: 0 }],
      });
      expectFormatError(
        () => writeOutputColumns(grown, { ...targetFor(readWorkbookTable(grown)), startCol: 2 }),
        /^sheet 'S' cell D1 already holds "Notes"; writing output columns C:H would overwrite it$/,
      );
      // A user's notes right of an Excel table, under a header cell that holds an empty string.
      const notes = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value", ""],
              ["a", 1, "my note"],
            ],
            tables: [{ name: "Deals", ref: "A1:B2" }],
          },
        ],
      });
      expectFormatError(
        () => writeOutputColumns(notes, targetFor(readWorkbookTable(notes))),
        /^sheet 'S' cell C2 holds data in a column that is not an output column; writing output columns C:H would overwrite it$/,
      );
    });

    it("refuses to run into another table, merged cells or a formula range", () => {
      const base = {
        name: "S",
        rows: [
          ["ID", "Value"],
          ["a", 1],
          ["b", 2],
        ] as (string | number)[][],
      };
      const t = readWorkbookTable(buildWorkbook({ sheets: [base] }));
      const otherTable = buildWorkbook({
        sheets: [
          {
            ...base,
            rows: [
              ["ID", "Value", null, null, "K"],
              ["a", 1, null, null, 5],
              ["b", 2],
            ],
            tables: [{ name: "Side", ref: "E1:E2", columns: ["K"] }],
          },
        ],
      });
      expectFormatError(
        () => writeOutputColumns(otherTable, { ...targetFor(t), tableName: undefined }),
        /would overlap table 'Side' \(E1:E2\)/,
      );
      const merged = buildWorkbook({
        sheets: [{ ...base, afterSheetData: '<mergeCells count="1"><mergeCell ref="D3:E3"/></mergeCells>' }],
      });
      expectFormatError(
        () => writeOutputColumns(merged, targetFor(t)),
        /has merged cells D3:E3 in the output columns C:H/,
      );
      const arrayFormula = buildWorkbook({
        sheets: [
          {
            ...base,
            rows: [
              ["ID", "Value"],
              ["a", 1, null, null, null, null, null, null, { array: "B2:B3*2", ref: "I2:I3" }],
              ["b", 2],
            ],
          },
        ],
      });
      expect(() => writeOutputColumns(arrayFormula, targetFor(t))).not.to.throw();
      const crossing = buildWorkbook({
        sheets: [
          {
            ...base,
            rows: [
              ["ID", "Value"],
              ["a", 1, { array: "B2:B3*2", ref: "C2:D3" }, 0],
              ["b", 2, 0, 0],
            ],
          },
        ],
      });
      // An array formula inside the output area is still data in a column that is not ours.
      expectFormatError(
        () => writeOutputColumns(crossing, targetFor(t)),
        /cell C2 holds data in a column that is not an output column/,
      );
      const reaching = buildWorkbook({
        sheets: [
          {
            ...base,
            rows: [
              ["ID", "Value"],
              ["a", 1],
              ["b", { array: "B2:B3*2", ref: "B3:C3" }, 0],
            ],
          },
        ],
      });
      expectFormatError(
        () => writeOutputColumns(reaching, targetFor(t)),
        /range B3:C3 holds a array formula that reaches into the output columns C:H/,
      );
    });

    it("refuses a table the output would not touch, and a table linked to a query", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value"],
              ["a", 1],
            ],
            tables: [{ name: "T" }],
          },
        ],
      });
      const t = readWorkbookTable(wb);
      expectFormatError(
        () => writeOutputColumns(wb, { ...targetFor(t), startCol: 4 }),
        /must start right after table 'T' \(A1:B2\)/,
      );
      expectFormatError(
        () => writeOutputColumns(wb, { ...targetFor(t), tableName: "Nope" }),
        /table 'Nope' not found on sheet 'S'/,
      );
      const query = withPart(wb, "xl/tables/table1.xml", (xml) =>
        xml.replace("<table ", '<table tableType="queryTable" '),
      );
      expectFormatError(
        () => writeOutputColumns(query, targetFor(t)),
        /table 'T' on sheet 'S' is linked to an external query/,
      );
    });

    it("removes calc-chain entries of formula cells it replaced, and the chain when it empties", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value", "Verdict", "Score", "Grade", "Risk", "Effort (pd)", "Rationale"],
              ["a", 1, { f: '"Qualified"', v: "Qualified" }, { f: "B2*10", v: 10 }, "A", 1, 1, "r"],
            ],
          },
          { name: "Calc", rows: [["x", { f: "S!B2+1", v: 2 }]] },
        ],
        definedNames: [{ name: "_OppQualifier_Output", value: "'S'!$C$1:$H$1", localSheetId: 0 }],
        calcChain: true,
      });
      const out = score(wb);
      const chain = text(out, "xl/calcChain.xml");
      expect(chain).not.to.include('r="C2"');
      expect(chain).not.to.include('r="D2"');
      expect(chain).to.include('<c r="B1" i="2"/>');
      // With only the replaced formulas in it, the chain goes, with its relationship and content type.
      const alone = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Verdict"],
              ["a", { f: '"x"', v: "x" }],
            ],
          },
        ],
        definedNames: [{ name: "_OppQualifier_Output", value: "'S'!$B$1:$G$1", localSheetId: 0 }],
        calcChain: true,
      });
      const cleared = writeOutputColumns(alone, {
        ...targetFor(readWorkbookTable(alone), outputs(1)),
        startCol: 1,
      });
      expect(parts(cleared)).not.to.have.property("xl/calcChain.xml");
      expect(text(cleared, "xl/_rels/workbook.xml.rels")).not.to.include("calcChain");
      expect(text(cleared, "[Content_Types].xml")).not.to.include("calcChain");
    });
  });

  describe("sheet shapes", () => {
    it("creates a styles part when the workbook has none, and registers it", async () => {
      const wb = buildWorkbook({
        noStyles: true,
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "Value"],
              ["a", 1],
            ],
          },
        ],
      });
      const out = score(wb);
      const diff = changedParts(wb, out);
      expect(diff.added).to.deep.equal(["xl/styles.xml"]);
      expect(text(out, "[Content_Types].xml")).to.include('PartName="/xl/styles.xml"');
      expect(text(out, "xl/_rels/workbook.xml.rels")).to.include("relationships/styles");
      assertWellFormed(text(out, "xl/styles.xml"));
      const x = await loadWithExcelJs(out);
      expect(x.getWorksheet("S")!.getCell("C2").value).to.equal("Qualified");
    });

    it("writes into a package stored without compression, keeping its stored entries as they were", () => {
      const wb = rezip(
        buildWorkbook({
          sheets: [
            {
              name: "S",
              rows: [
                ["ID", "Value"],
                ["a", 1],
              ],
            },
          ],
        }),
        0,
      );
      const out = score(wb);
      expect(readWorkbookTable(out).rows[0]).to.deep.equal(["a", 1, ...outputs(1)[0]]);
      const zip = readZip(out);
      expect(zip.entries.find((e) => e.name === "docProps/core.xml")!.method).to.equal(0);
      expect(changedParts(wb, out).changed).to.deep.equal(["xl/styles.xml", "xl/workbook.xml", SHEET]);
    });

    it("writes into sheets with prefixed elements, rows without numbers and no dimension", () => {
      const prefixed = buildWorkbook({
        prefix: "x",
        strings: "inline",
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "V"],
              ["a", 1],
            ],
            dimension: false,
          },
        ],
      });
      const out = score(prefixed);
      const sheet = text(out, SHEET);
      assertWellFormed(sheet);
      expect(sheet).to.include('<x:c r="C2" t="inlineStr"><x:is><x:t>Qualified</x:t></x:is></x:c>');
      expect(sheet).to.include('<x:dimension ref="A1:H2"/>');
      expect(readWorkbookTable(out).rows[0]).to.deep.equal(["a", 1, ...outputs(1)[0]]);

      const noRefs = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              '<sheetData><row><c t="inlineStr"><is><t>ID</t></is></c><c t="inlineStr"><is><t>V</t></is></c></row>' +
              '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>4</v></c></row><row/><row><c t="inlineStr"><is><t>b</t></is></c></row></sheetData>',
          },
        ],
      });
      const t = readWorkbookTable(noRefs);
      expect(t.rows).to.deep.equal([
        ["a", 4],
        [null, null],
        ["b", null],
      ]);
      const written = writeOutputColumns(noRefs, targetFor(t));
      assertWellFormed(text(written, SHEET));
      expect(readWorkbookTable(written).rows).to.deep.equal([
        ["a", 4, ...outputs(3)[0]],
        [null, null, ...outputs(3)[1]],
        ["b", null, ...outputs(3)[2]],
      ]);
    });

    it("creates missing rows in order and keeps cells right of the outputs in column order", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            sheetDataXml:
              '<sheetData><row r="1" spans="1:2"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="B1" t="inlineStr"><is><t>V</t></is></c></row>' +
              '<row r="3" spans="1:14"><c r="A3" t="inlineStr"><is><t>b</t></is></c><c r="N3"><v>99</v></c></row>' +
              '<row r="7"><c r="N7"><v>7</v></c></row></sheetData>',
          },
        ],
      });
      const out = writeOutputColumns(wb, {
        sheetName: "S",
        headerRow: 0,
        firstDataRow: 1,
        startCol: 2,
        headers: OUTPUT_HEADERS,
        rows: outputs(3),
      });
      const sheet = text(out, SHEET);
      assertWellFormed(sheet);
      const rowNums = [...sheet.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
      expect(rowNums).to.deep.equal([1, 2, 3, 4, 7]);
      const row3 = /<row r="3"[^>]*>([\s\S]*?)<\/row>/.exec(sheet)![1];
      expect([...row3.matchAll(/<c r="([A-Z]+)3"/g)].map((m) => m[1])).to.deep.equal([
        "A",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H",
        "N",
      ]);
      expect(sheet).to.include('<row r="3" spans="1:14">');
      expect(sheet).to.include('<row r="1" spans="1:8">');
      expect(sheet).to.include('<c r="N7"><v>7</v></c>');
      // With no firstCol given, the filter starts at the header row's first value.
      expect(sheet).to.include('<autoFilter ref="A1:H4"/>');
    });

    it("keeps text exactly: control characters, line breaks, spaces, markup; caps at Excel's cell limit", async () => {
      const tricky = [
        "  lead and trail  ",
        "line1\nline2\r\nline3",
        "tab\there",
        "<b>&amp;</b>",
        "bell\u0007",
        "_x0041_ literal",
        "x".repeat(40000),
      ];
      const wb = buildWorkbook({
        sheets: [{ name: "S", rows: [["ID", "V"], ...tricky.map((_s, i) => [`r${i}`, i])] }],
      });
      const t = readWorkbookTable(wb);
      const out = writeOutputColumns(wb, {
        ...targetFor(t),
        headers: ["Rationale"],
        rows: tricky.map((s) => [s]),
      });
      const back = readWorkbookTable(out).rows.map((r) => r[2]);
      expect(back).to.deep.equal([...tricky.slice(0, -1), "x".repeat(32767)]);
      const x = await loadWithExcelJs(out);
      expect(x.getWorksheet("S")!.getCell("C2").value).to.equal("  lead and trail  ");
      expect(x.getWorksheet("S")!.getCell("C4").value).to.equal("tab\there");
    });

    it("writes the caller's rules and scales, on the columns it names, and nothing it was not given", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "V"],
              ["a", 1],
            ],
          },
        ],
      });
      const out = writeOutputColumns(wb, {
        ...targetFor(readWorkbookTable(wb)),
        formats: [
          { column: 1, equals: "Go", fill: "#00ff00" },
          { column: 1, equals: 'Say "no"', fill: "FF0000", font: "ffffff" },
        ],
      });
      const sheet = text(out, SHEET);
      expect(sheet).to.match(
        /<conditionalFormatting sqref="D2"><cfRule type="cellIs" dxfId="\d+" priority="\d+" operator="equal"><formula>"Go"<\/formula>/,
      );
      expect(sheet).to.include('<formula>"Say ""no"""</formula>');
      expect(sheet).not.to.include("colorScale");
      expect(sheet.match(/<conditionalFormatting /g)!.length).to.equal(1);
      expect(text(out, "xl/styles.xml")).to.include(
        '<dxf><font><color rgb="FFFFFFFF"/></font><fill><patternFill><bgColor rgb="FFFF0000"/>',
      );
      const scaled = writeOutputColumns(wb, {
        ...targetFor(readWorkbookTable(wb)),
        formats: [
          {
            column: 0,
            scale: [
              { at: -5, colour: "000000" },
              { at: 0.5, colour: "#808080" },
              { at: 7, colour: "FFFFFF" },
            ],
          },
        ],
      });
      expect(text(scaled, SHEET)).to.include(
        '<conditionalFormatting sqref="C2"><cfRule type="colorScale" priority="1"><colorScale>' +
          '<cfvo type="num" val="-5"/><cfvo type="num" val="0.5"/><cfvo type="num" val="7"/>' +
          '<color rgb="FF000000"/><color rgb="FF808080"/><color rgb="FFFFFFFF"/></colorScale></cfRule></conditionalFormatting>',
      );
      const plain = writeOutputColumns(wb, { ...targetFor(readWorkbookTable(wb)), formats: [] });
      expect(text(plain, SHEET)).not.to.include("conditionalFormatting");
      expect(text(plain, "xl/styles.xml")).to.equal(text(wb, "xl/styles.xml"));
    });

    it("rejects targets that are not positions on a sheet", () => {
      const wb = buildWorkbook({
        sheets: [
          {
            name: "S",
            rows: [
              ["ID", "V"],
              ["a", 1],
            ],
          },
        ],
      });
      const t = targetFor(readWorkbookTable(wb));
      expect(() => writeOutputColumns(wb, { ...t, startCol: -1 })).to.throw(RangeError);
      expect(() => writeOutputColumns(wb, { ...t, firstDataRow: 0 })).to.throw(RangeError);
      expectFormatError(
        () => writeOutputColumns(wb, { ...t, sheetName: "Nope" }),
        /sheet 'Nope' not found; sheets are: S/,
      );
    });
  });

  describe("workbooks from other writers", () => {
    it("scores a workbook from ExcelJS's streaming writer and ExcelJS reads the result", async () => {
      const data = await streamedWorkbook([
        ["ID", "Deal Value", "Financing"],
        ["a", 100, "Secured"],
        ["b", 2.5, "Partial"],
      ]);
      const out = score(data);
      assertWellFormed(text(out, "xl/worksheets/sheet1.xml"));
      assertWorksheetOrder(text(out, "xl/worksheets/sheet1.xml"));
      const values = exceljsValues((await loadWithExcelJs(out)).getWorksheet("Pipeline")!);
      expect(values).to.deep.equal([
        ["ID", "Deal Value", "Financing", ...OUTPUT_HEADERS],
        ["a", 100, "Secured", ...outputs(2)[0]],
        ["b", 2.5, "Partial", ...outputs(2)[1]],
      ]);
    });
  });

  describe("large sheets and codecs", () => {
    const headers = ["ID", "Deal Value", "Financing"];
    const rows = Array.from({ length: 20000 }, (_v, i) => [
      `OPP-${i}`,
      1000 * i + 0.5,
      i % 3 ? "Secured" : "Partial",
    ]);
    const wb = buildWorkbook({ sheets: [{ name: "Pipeline", rows: [headers, ...rows] }] });

    it("writes 20,000 rows that read back exactly, with native zlib or fflate giving the same content", () => {
      const t = readWorkbookTable(wb, { codec: nodeCodec });
      const out = outputs(t.rows.length);
      const viaNative = writeOutputColumns(wb, targetFor(t, out), { codec: nodeCodec });
      const viaFflate = writeOutputColumns(wb, targetFor(readWorkbookTable(wb), out));
      expect(sameBytes(parts(viaNative)[SHEET], parts(viaFflate)[SHEET])).to.equal(true);
      const back = readWorkbookTable(viaNative);
      expect(back.rows.map((r) => r.slice(0, 3))).to.deep.equal(rows);
      expect(back.rows.map((r) => r.slice(3))).to.deep.equal(out);
    });
  });
});
