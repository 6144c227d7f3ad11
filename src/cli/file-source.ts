// The CLI's input files, never held whole: a workbook read by position, as the zip reader asks for its pieces (a
// million-row workbook is 100–120 MB compressed, a quarter of the memory budget), and a CSV a megabyte at a time,
// or inflated a piece at a time from the zip archive it came in.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { zippedCsv, type ByteSource } from "../files/csvFile";
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

/** A file's bytes from the start, a megabyte at a time, for each pass over it (a CSV is read in two). */
function fileChunks(file: string): () => Iterable<Uint8Array> {
  return function* () {
    const fd = openSync(file, "r");
    try {
      const buf = new Uint8Array(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  };
}

/** Whether the CLI reads `file` as a CSV: a .csv or .txt, or a .zip holding one. */
export function isCsvInput(file: string): boolean {
  return /\.(csv|txt|zip)$/i.test(file);
}

/**
 * A CSV input's bytes for each pass: the file itself, or the one CSV a .zip holds (`inside` names it); close()
 * when done. An archive that holds no CSV, or several, is refused here (FileFormatError).
 */
export function openCsvInput(file: string): { source: ByteSource; inside: string | null; close(): void } {
  if (!/\.zip$/i.test(file)) return { source: fileChunks(file), inside: null, close: () => undefined };
  const archive = fileSource(file);
  try {
    const inner = zippedCsv(archive);
    return { source: inner.source, inside: inner.name, close: () => archive.close() };
  } catch (e) {
    archive.close();
    throw e;
  }
}
