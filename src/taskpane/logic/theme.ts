// Which Office theme the pane should follow, from Office.context.officeTheme: dark (Black, Dark Gray), colourful,
// or light (White, and anything unknown). The body colour decides when the host gives no theme flag.
export type ThemeKind = "light" | "dark" | "colorful";

/** The part of Office.OfficeTheme read here (every property may be missing in an older host). */
export interface OfficeThemeLike {
  isDarkTheme?: boolean;
  themeId?: unknown;
  bodyBackgroundColor?: string;
}

/** Relative luminance (WCAG) of "#rrggbb", or null when it is not such a colour. */
function luminance(hex: string | undefined): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex?.trim() ?? "");
  if (!m) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** `colorfulId`: the host's Office.ThemeId.Colorful, when it has that enum. */
export function themeKind(theme: OfficeThemeLike | null | undefined, colorfulId?: unknown): ThemeKind {
  if (!theme) return "light";
  if (theme.isDarkTheme === true) return "dark";
  const body = luminance(theme.bodyBackgroundColor);
  if (theme.isDarkTheme === undefined && body !== null && body < 0.2) return "dark";
  if (colorfulId !== undefined && theme.themeId === colorfulId) return "colorful";
  return "light";
}
