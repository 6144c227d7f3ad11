// The Office theme the pane follows: dark for Black and Dark Gray (by the host's flag, or a dark body colour in
// hosts without it), colourful when the host says so, light otherwise.
import { expect } from "chai";
import { themeKind } from "../../../src/taskpane/logic/theme";
import { fluentTheme } from "../../../src/taskpane/ui/theme";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";

describe("taskpane/logic/theme", () => {
  const COLORFUL = 1;
  it("reads Office's theme flag and id", () => {
    expect(themeKind({ isDarkTheme: true, bodyBackgroundColor: "#ffffff" }, COLORFUL)).to.equal("dark");
    expect(
      themeKind({ isDarkTheme: false, themeId: COLORFUL, bodyBackgroundColor: "#e6e6e6" }, COLORFUL),
    ).to.equal("colorful");
    expect(themeKind({ isDarkTheme: false, themeId: 3, bodyBackgroundColor: "#ffffff" }, COLORFUL)).to.equal(
      "light",
    );
  });

  it("falls back to the body colour when the host has no dark flag, and to light when it knows nothing", () => {
    expect(themeKind({ bodyBackgroundColor: "#262626" })).to.equal("dark");
    expect(themeKind({ bodyBackgroundColor: "#FFFFFF" })).to.equal("light");
    expect(themeKind({ bodyBackgroundColor: "not a colour" })).to.equal("light");
    expect(themeKind({ isDarkTheme: false, bodyBackgroundColor: "#000000" })).to.equal("light");
    expect(themeKind(undefined)).to.equal("light");
  });

  it("maps to Fluent's web themes", () => {
    expect(fluentTheme("dark")).to.equal(webDarkTheme);
    expect(fluentTheme("light")).to.equal(webLightTheme);
    expect(fluentTheme("colorful")).to.equal(webLightTheme);
  });
});
