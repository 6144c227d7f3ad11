// Cell formats for number formats in styles.xml: appended once, reused on the next write, counted.
import { expect } from "chai";
import { ensureNumberStyles, MINIMAL_STYLES_XML } from "../../src/files/styles";

describe("files/styles: number formats", () => {
  it("appends a cell format per built-in number format, and reuses them on the next write", () => {
    const first = ensureNumberStyles("xl/styles.xml", MINIMAL_STYLES_XML, ["0%", "#,##0"]);
    expect(first.ids).to.deep.equal([1, 2]); // after the workbook's own default format
    expect(first.xml).to.include('<cellXfs count="3">');
    expect(first.xml).to.include(
      '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
    );
    expect(first.xml).to.include(
      '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
    );
    const again = ensureNumberStyles("xl/styles.xml", first.xml, ["#,##0", "0%"]);
    expect(again).to.deep.equal({ xml: first.xml, ids: [2, 1] });
  });

  it("keeps a prefixed styles part's prefix, and refuses a code that is not built in", () => {
    const prefixed = MINIMAL_STYLES_XML.replace(/<(\/?)(\w)/g, "<$1x:$2").replace('xmlns="', 'xmlns:x="');
    const r = ensureNumberStyles("xl/styles.xml", prefixed, ["0%"]);
    expect(r.xml).to.include('<x:xf numFmtId="9"');
    expect(r.ids).to.deep.equal([1]);
    expect(() => ensureNumberStyles("xl/styles.xml", MINIMAL_STYLES_XML, ["0.0%"])).to.throw(RangeError);
  });
});
