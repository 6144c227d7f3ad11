// The Fluent theme for each Office theme: dark for Black and Dark Gray, light for White and Colorful (whose task
// pane body is light too). Components use only Fluent tokens, so this choice colours everything.
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import type { ThemeKind } from "../logic/theme";

export function fluentTheme(kind: ThemeKind): Theme {
  return kind === "dark" ? webDarkTheme : webLightTheme;
}
