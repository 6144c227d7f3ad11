// Maps the manifest's URLs to files on disk, so the structural check can say when an icon or page the manifest
// names does not exist. URLs under the add-in's address (the development server unless told otherwise) are
// files: icons from assets/, pages from the build (dist/ when there is one, skipped otherwise).
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The development server, as manifest.xml names it. */
export const DEV_URL = "https://localhost:3000/";

export function localFiles(
  root: string,
  distDir = join(root, "dist"),
  baseUrl = DEV_URL,
): (url: URL) => boolean | undefined {
  const built = existsSync(join(distDir, "functions.js"));
  return (url) => {
    const href = url.origin + url.pathname;
    if (!href.startsWith(baseUrl)) return undefined;
    const path = decodeURIComponent(href.slice(baseUrl.length));
    if (path.startsWith("assets/")) return existsSync(join(root, path));
    return built ? existsSync(join(distDir, path)) : undefined;
  };
}
