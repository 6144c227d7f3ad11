// Where the CLI's compressed output waits until the workbook is saved: in memory while it is small, in a temporary
// file once it grows. A million-row sheet with its rationale compresses to about 180 MB, which alone would break
// the 400 MB memory budget if it were held. The file sits beside the output and is named like the output's own
// temporary file, so a run killed before it could clean up leaves nothing the next run does not remove; where the
// system allows it (POSIX), it is unlinked as soon as it is open and can never be left behind at all.
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { ChunkStore } from "../files/zip";

/** Bytes a store keeps in memory before it moves to a file. */
export const SPILL_BYTES = 16 * 2 ** 20;
const READ_BYTES = 1 << 20;

export interface SpillArea {
  /** A new store, in memory until it holds more than `limit` bytes. */
  store(limit?: number): ChunkStore;
  /** Closes and removes every file the stores made. */
  close(): void;
}

/** Stores spilling to temporary files named after `file` (".<name>.<8 hex digits>.tmp"), in its folder. */
export function spillArea(file: string): SpillArea {
  const open: { fd: number; path: string | null }[] = [];
  const newFile = (): number => {
    const name = path.join(
      path.dirname(file),
      `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`,
    );
    const fd = openSync(name, "wx+", 0o600);
    let kept: string | null = name;
    try {
      unlinkSync(name); // still open: readable and writable until closed, gone from the folder already
      kept = null;
    } catch {
      // Windows: removed on close().
    }
    open.push({ fd, path: kept });
    return fd;
  };
  return {
    store(limit = SPILL_BYTES) {
      let held: Uint8Array[] = [];
      let heldBytes = 0;
      let fd: number | null = null;
      let size = 0;
      const write = (chunk: Uint8Array) => {
        for (let at = 0; at < chunk.length;) at += writeSync(fd!, chunk, at, chunk.length - at, size + at);
        size += chunk.length;
      };
      return {
        push(chunk) {
          if (fd === null) {
            held.push(chunk);
            heldBytes += chunk.length;
            if (heldBytes <= limit) return;
            fd = newFile();
            for (const c of held) write(c);
            held = [];
            return;
          }
          write(chunk);
        },
        each(fn) {
          if (fd === null) {
            for (const c of held) fn(c);
            return;
          }
          for (let at = 0; at < size;) {
            const buf = new Uint8Array(Math.min(READ_BYTES, size - at));
            let n = 0;
            while (n < buf.length) n += readSync(fd, buf, n, buf.length - n, at + n);
            fn(buf);
            at += buf.length;
          }
        },
      };
    },
    close() {
      for (const f of open.splice(0)) {
        closeSync(f.fd);
        if (f.path) rmSync(f.path, { force: true });
      }
    },
  };
}
