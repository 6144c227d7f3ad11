// The learn report's native charts: each chart part reads its series from the sheet's own cells, with the values
// cached, and is tied in through a drawing, relationships and content types; a long ROC curve is thinned.
import { expect } from "chai";
import { strFromU8, unzipSync } from "fflate";
import { newWorkbook } from "../../src/files/xlsx";
import { thin } from "../../src/cli/learn-report";
import { addScatterCharts, type ScatterChart } from "../../src/cli/report-charts";

const chart: ScatterChart = {
  sheet: 2,
  sheetName: "R & D",
  title: "A <title>",
  xTitle: "x",
  yTitle: "y",
  series: [
    { name: "S", xColumn: "A", yColumn: "B", firstRow: 2, x: [0, 0.5, 1], y: [0, 0.8, 1], line: true },
  ],
  at: { col: 3, row: 1 },
};

describe("report charts", () => {
  const book = newWorkbook([
    { name: "One", rows: [["a"]] },
    {
      name: "R & D",
      rows: [
        ["x", "y"],
        [0, 0],
        [0.5, 0.8],
        [1, 1],
      ],
    },
  ]);
  const files = unzipSync(addScatterCharts(book, [chart]));
  const text = (p: string) => strFromU8(files[p]);

  it("adds a chart part whose series read the sheet's cells, values cached", () => {
    const xml = text("xl/charts/chart1.xml");
    expect(xml).to.include("<c:scatterChart>");
    expect(xml).to.include("<c:f>'R &amp; D'!$A$2:$A$4</c:f>");
    expect(xml).to.include("<c:f>'R &amp; D'!$B$2:$B$4</c:f>");
    expect(xml).to.include(
      '<c:ptCount val="3"/><c:pt idx="0"><c:v>0</c:v></c:pt><c:pt idx="1"><c:v>0.8</c:v></c:pt>',
    );
    expect(xml).to.include("<a:t>A &lt;title&gt;</a:t>");
  });

  it("ties it to its sheet through a drawing, relationships and content types", () => {
    expect(text("xl/worksheets/sheet2.xml")).to.match(
      /xmlns:r="[^"]+"><sheetData>.*<\/sheetData><drawing r:id="rId1"\/><\/worksheet>$/,
    );
    expect(text("xl/worksheets/sheet1.xml")).to.not.include("<drawing");
    expect(text("xl/worksheets/_rels/sheet2.xml.rels")).to.include('Target="../drawings/drawing1.xml"');
    expect(text("xl/drawings/drawing1.xml")).to.include('r:id="rId1"');
    expect(text("xl/drawings/_rels/drawing1.xml.rels")).to.include('Target="../charts/chart1.xml"');
    const types = text("[Content_Types].xml");
    expect(types).to.include(
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
    );
    expect(types).to.include(
      '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    );
  });

  it("thins a long curve to evenly spread points, keeping both ends", () => {
    const curve = Array.from({ length: 1001 }, (_, i) => [i / 1000, i / 1000] as [number, number]);
    const t = thin(curve, 10);
    expect(t).to.have.length(11);
    expect(t[0]).to.deep.equal([0, 0]);
    expect(t[10]).to.deep.equal([1, 1]);
    expect(t[5]).to.deep.equal([0.5, 0.5]);
    expect(thin(curve.slice(0, 5), 10)).to.have.length(5);
  });
});
