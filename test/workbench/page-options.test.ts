// The workbench's address options: the pane's width (as narrow as Excel's 320 px, within bounds) and its theme.
import { expect } from "chai";
import { pageOptions } from "../../src/workbench/Workbench";

describe("workbench page options", () => {
  it("reads the pane's width and theme from the address, within bounds, defaulting to 380 px and light", () => {
    expect(pageOptions("?pane=320&theme=dark")).to.deep.equal({ paneWidth: 320, theme: "dark" });
    expect(pageOptions("?pane=350")).to.deep.equal({ paneWidth: 350, theme: "light" });
    expect(pageOptions("")).to.deep.equal({ paneWidth: 380, theme: "light" });
    expect(pageOptions("?pane=10").paneWidth).to.equal(280);
    expect(pageOptions("?pane=5000").paneWidth).to.equal(800);
    expect(pageOptions("?pane=wide&theme=purple")).to.deep.equal({ paneWidth: 380, theme: "light" });
  });
});
