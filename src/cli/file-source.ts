// A workbook file read by position, as the zip reader asks for its pieces: the CLI never holds the input whole
// (a million-row workbook is 100–120 MB compressed, a quarter of the memory budget).
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ZipSource } from "../files/xlsx";

export interface FileSource extends ZipSource {
  close(): void;
}

/** Opens `file` for reading by position; close() when done. Each read returns fresh bytes the caller may keep. */
export function fileSource(file: string): FileSource {
  const fd = openSync(file, "r");
  const length = fstatSync(fd).size;
  return {
    length,
    read(offset, count) {
      const n = Math.max(0, Math.min(count, length - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const k = readSync(fd, buf, got, n - got, offset + got);
        if (k === 0) break; // the file shrank while it was read: what is missing reads as damage
        got += k;
      }
      return got === n ? buf : buf.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}
