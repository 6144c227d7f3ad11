import { expect } from "chai";
import fc from "fast-check";
import { strToU8, unzipSync, zipSync } from "fflate";
import * as zlib from "node:zlib";
import { FileFormatError } from "../../src/files/errors";
import {
  compressParts,
  crc32,
  fflateCodec,
  getEntry,
  rawEntryData,
  readEntry,
  readZip,
  writeZip,
  type ZipCodec,
} from "../../src/files/zip";
import { streamedWorkbook } from "./helpers";
import { buildWorkbook } from "./fixtures";
import { openWorkbook } from "../../src/files/xlsx";
import { nodeCodec } from "../../src/cli/codec";

const nativeCodec: ZipCodec = {
  inflateRaw: (data) => new Uint8Array(zlib.inflateRawSync(data)),
  deflateRaw: () => (piece, final) => [
    new Uint8Array(
      zlib.deflateRawSync(piece, {
        finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
      }),
    ),
  ],
};

const utf8 = new TextDecoder();

describe("files/zip", () => {
  it("computes the standard CRC-32, also piece by piece", () => {
    expect(crc32(strToU8("123456789"))).to.equal(0xcbf43926);
    const data = strToU8("The quick brown fox jumps over the lazy dog, twice over.");
    expect(crc32(data.subarray(13), crc32(data.subarray(0, 13)))).to.equal(crc32(data));
    expect(crc32(new Uint8Array(0))).to.equal(0);
  });

  it("rewrites a package: replaced, removed and added entries; the rest copied compressed", () => {
    const original = zipSync(
      {
        "a.txt": strToU8("alpha"),
        "dir/b.bin": Uint8Array.from({ length: 3000 }, (_v, i) => (i * 7) & 0xff),
        "stored.txt": [strToU8("kept as stored"), { level: 0 }],
        "gone.txt": strToU8("bye"),
      },
      { level: 9 },
    );
    const zip = readZip(original);
    const out = writeZip(
      zip,
      new Map([["a.txt", "ALPHA ünïcode"]]),
      [{ name: "new/ç.txt", content: strToU8("fresh") }],
      new Set(["gone.txt"]),
    );
    const files = unzipSync(out);
    expect(Object.keys(files)).to.deep.equal(["a.txt", "dir/b.bin", "stored.txt", "new/ç.txt"]);
    expect(utf8.decode(files["a.txt"])).to.equal("ALPHA ünïcode");
    expect(utf8.decode(files["stored.txt"])).to.equal("kept as stored");
    expect(utf8.decode(files["new/ç.txt"])).to.equal("fresh");
    const back = readZip(out);
    for (const name of ["dir/b.bin", "stored.txt"]) {
      const a = rawEntryData(zip, getEntry(zip, name)!);
      const b = rawEntryData(back, getEntry(back, name)!);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), name).to.equal(0);
    }
    expect(getEntry(back, "stored.txt")!.method).to.equal(0);
  });

  it("copies entries written with data descriptors (as ExcelJS writes them)", async () => {
    const data = await streamedWorkbook([
      ["x", 1],
      ["y", 2],
    ]);
    const zip = readZip(data);
    expect(zip.entries.some((e) => e.flags & 8)).to.equal(true);
    const out = writeZip(zip, new Map());
    const a = unzipSync(data);
    const b = unzipSync(out);
    expect(Object.keys(b)).to.deep.equal(Object.keys(a));
    for (const k of Object.keys(a))
      expect(Buffer.compare(Buffer.from(a[k]), Buffer.from(b[k])), k).to.equal(0);
  });

  it("compresses text and byte pieces to exactly their UTF-8 concatenation, with either codec", () => {
    const piece = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }).map((s) => ({ text: s })),
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: b })),
      fc.constant({ text: "€".repeat(70000) + "😀" }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.constantFrom(fflateCodec, nativeCodec),
        (pieces, codec) => {
          const { deflated } = compressParts((out) => {
            for (const p of pieces) {
              if ("text" in p) out.text(p.text);
              else out.bytes(p.bytes);
            }
          }, codec);
          const expected = Buffer.concat(
            pieces.map((p) => ("text" in p ? Buffer.from(p.text, "utf8") : Buffer.from(p.bytes))),
          );
          const chunks: Uint8Array[] = [];
          deflated.chunks.each((c) => chunks.push(c));
          const compressed = Buffer.concat(chunks);
          expect(compressed.length).to.equal(deflated.compressedSize);
          const inflated = zlib.inflateRawSync(compressed);
          expect(Buffer.compare(inflated, expected)).to.equal(0);
          expect(deflated.size).to.equal(expected.length);
          expect(deflated.crc).to.equal(crc32(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reports damage and unsupported compression as format errors, copying such entries untouched", () => {
    const data = zipSync({ "x.txt": strToU8("hello hello hello") });
    // Method 12 (bzip2) in both the local and central headers.
    const odd = data.slice();
    for (let i = 0; i < odd.length - 4; i++) {
      if (odd[i] === 0x50 && odd[i + 1] === 0x4b && odd[i + 2] === 3 && odd[i + 3] === 4) odd[i + 8] = 12;
      if (odd[i] === 0x50 && odd[i + 1] === 0x4b && odd[i + 2] === 1 && odd[i + 3] === 2) odd[i + 10] = 12;
    }
    const zip = readZip(odd);
    expect(() => readEntry(zip, zip.entries[0])).to.throw(
      FileFormatError,
      /unsupported zip compression method 12/,
    );
    const copy = readZip(writeZip(zip, new Map()));
    expect(copy.entries[0].method).to.equal(12);
    expect(() => readZip(data.subarray(0, 10))).to.throw(FileFormatError, /not a zip package|damaged/);
    expect(() => readZip(strToU8("PK\u0003\u0004 but nothing else here at all"))).to.throw(
      FileFormatError,
      /damaged zip package/,
    );
  });
});

describe("files/zip: limits and checks (issue 11 item 8)", function () {
  this.timeout(30_000);
  const sheetPart = "xl/worksheets/sheet1.xml";
  const base = () =>
    buildWorkbook({
      sheets: [
        {
          name: "S",
          rows: [
            ["ID", "Deal Value"],
            ["a", 1],
          ],
        },
      ],
    });

  /** The package with one central-directory field of a part changed (offset from the entry's start). */
  function patchCentral(data: Uint8Array, part: string, offset: number, value: number): Uint8Array {
    const out = data.slice();
    const zip = readZip(out);
    let p = out.length - 22;
    while (new DataView(out.buffer).getUint32(p, true) !== 0x06054b50) p--;
    p = new DataView(out.buffer).getUint32(p + 16, true);
    for (const e of zip.entries) {
      if (e.name === part) new DataView(out.buffer).setUint32(p + offset, value, true);
      p += 46 + e.nameBytes.length + new DataView(out.buffer).getUint16(p + 30, true) + e.comment.length;
    }
    return out;
  }

  function message(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      expect(e).to.be.instanceOf(FileFormatError);
      return (e as Error).message;
    }
    throw new Error("no error");
  }

  it("refuses a part that inflates like a bomb, before inflating it", () => {
    const parts = unzipSync(base());
    const xml = utf8.decode(parts[sheetPart]);
    parts[sheetPart] = strToU8(xml.replace("<sheetData>", "<sheetData>" + " ".repeat(40 * 2 ** 20)));
    const bomb = zipSync(parts, { level: 9 });
    expect(bomb.length).to.be.below(200_000);
    for (const codec of [fflateCodec, nodeCodec])
      expect(message(() => openWorkbook(bomb, { codec }).readTable())).to.equal(
        `part ${sheetPart} inflates more than 200 times its compressed size, beyond any real workbook; refused`,
      );
    // The caps are the caller's to set.
    expect(openWorkbook(bomb, { limits: { maxRatio: 5000 } }).readTable().rows).to.have.length(1);
    expect(message(() => openWorkbook(base(), { limits: { maxTotalBytes: 1000 } }).readTable())).to.equal(
      "the workbook inflates to more than 0 MB, beyond any real workbook; refused",
    );
  });

  it("refuses a part whose CRC or declared size does not match its content", () => {
    const wb = base();
    const entry = getEntry(readZip(wb), sheetPart)!;
    for (const codec of [fflateCodec, nodeCodec]) {
      const badCrc = patchCentral(wb, sheetPart, 16, (entry.crc ^ 1) >>> 0);
      expect(message(() => openWorkbook(badCrc, { codec }).readTable())).to.equal(
        `part ${sheetPart} is damaged (CRC mismatch)`,
      );
      // Declared shorter than it is: the rest would be cut off silently.
      const short = patchCentral(wb, sheetPart, 24, entry.size - 10);
      expect(message(() => openWorkbook(short, { codec }).readTable())).to.match(
        new RegExp(`^part ${sheetPart} is damaged \\(`),
      );
      const long = patchCentral(wb, sheetPart, 24, entry.size + 10);
      expect(message(() => openWorkbook(long, { codec }).readTable())).to.match(
        new RegExp(`^part ${sheetPart} is damaged \\(`),
      );
    }
  });

  it("refuses a DOCTYPE in a part, after a declaration and comments too (item 18)", () => {
    const parts = unzipSync(base());
    const xml = utf8.decode(parts["xl/workbook.xml"]);
    parts["xl/workbook.xml"] = strToU8(
      xml.replace(/^(<\?xml[^>]*\?>)/, '$1<!-- a <b> --><!DOCTYPE workbook [<!ENTITY x "y">]>'),
    );
    expect(message(() => openWorkbook(zipSync(parts)).readTable())).to.equal(
      "part xl/workbook.xml has a DOCTYPE, which a workbook never needs; refused",
    );
  });
});
