// Maps the manifest's development URLs (https://localhost:3000/...) to files on disk, so the structural check
// can say when an icon or page the manifest names does not exist. Icons live in assets/; pages only exist
// once built, so they are checked against dist/ when there is one and skipped otherwise.
import { existsSync } from "node:fs";
import { join } from "node:path";

export function localFiles(root: string, distDir = join(root, "dist")): (url: URL) => boolean | undefined {
  const built = existsSync(join(distDir, "functions.js"));
  return (url) => {
    if (url.hostname !== "localhost") return undefined;
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, "");
    if (path.startsWith("assets/")) return existsSync(join(root, path));
    return built ? existsSync(join(distDir, path)) : undefined;
  };
}
