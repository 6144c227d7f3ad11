import { expect } from "chai";
import fc from "fast-check";
import {
  childElements,
  decodeCellText,
  escapeAttr,
  escapeCellText,
  findElement,
  getAttr,
  insertInOrder,
  setAttr,
} from "../../src/files/xml";
import { assertWellFormed } from "./helpers";

describe("files/xml", () => {
  it("escapes any text so that Excel's reading of it gives the same characters back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const escaped = escapeCellText(s);
        expect(decodeCellText(escaped)).to.equal(s);
        expect(escaped).not.to.match(/[<>\u0000-\u0008\u000b\u000c\u000e-\u001f]|&(?!amp;|lt;|gt;)/);
        assertWellFormed(`<t>${escaped}</t>`);
      }),
      { numRuns: 500 },
    );
  });

  it("reads attributes in either quote style, escaped, and sets them without disturbing others", () => {
    expect(getAttr(` r="A1" t='s' name="a &amp; b"`, "t")).to.equal("s");
    expect(getAttr(` r="A1" t='s' name="a &amp; b"`, "name")).to.equal("a & b");
    expect(getAttr(` ref="A1"`, "r")).to.equal(undefined);
    expect(setAttr('<row r="1" spans="1:3">', "spans", "1:9")).to.equal('<row r="1" spans="1:9">');
    expect(setAttr('<dimension ref="A1"/>', "ref", "A1:B2")).to.equal('<dimension ref="A1:B2"/>');
    expect(setAttr("<x>", "name", 'a"b')).to.equal('<x name="a&quot;b">');
    expect(escapeAttr("a\nb")).to.equal("a&#10;b");
  });

  it("finds nested elements and inserts children in schema order", () => {
    const xml = "<root><a/><ext><ext><c/></ext></ext><!-- <d/> --><d>t</d></root>";
    const root = findElement(xml, "root")!;
    expect(childElements(xml, root).map((c) => c.local)).to.deep.equal(["a", "ext", "d"]);
    expect(findElement(xml, "ext")!.end).to.equal(xml.indexOf("<!--"));
    const order = ["a", "b", "ext", "d", "e"];
    expect(insertInOrder(xml, root, "b", "<b/>", order)).to.equal(xml.replace("<a/>", "<a/><b/>"));
    expect(insertInOrder(xml, root, "e", "<e/>", order)).to.equal(xml.replace("</root>", "<e/></root>"));
    const wrapped =
      "<w><sheetData/><mc:AlternateContent><mc:Choice><controls/></mc:Choice></mc:AlternateContent><tableParts/></w>";
    const w = findElement(wrapped, "w")!;
    expect(
      insertInOrder(wrapped, w, "drawing", "<drawing/>", ["sheetData", "drawing", "controls", "tableParts"]),
    ).to.equal(wrapped.replace("<mc:AlternateContent>", "<drawing/><mc:AlternateContent>"));
  });
});
