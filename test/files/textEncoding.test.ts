// Text encodings: every Windows-1252 byte decodes and encodes back to itself, UTF-16 is recognised with or without
// its BOM, strict decoding refuses what is not text, and labels a user types are understood.
import { expect } from "chai";
import {
  bomEncoding,
  bomlessUtf16,
  createDecoder,
  createEncoder,
  encodingNamed,
} from "../../src/files/textEncoding";
import { encodeAs } from "./encodings";

describe("files/textEncoding", () => {
  it("decodes Windows-1252 by its table and encodes every byte back to itself", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = createDecoder("windows-1252")(all, true);
    expect(text.slice(0x80, 0x86)).to.equal("€\u0081‚ƒ„…");
    expect(Buffer.from(createEncoder("windows-1252")(text)).equals(Buffer.from(all))).to.equal(true);
    expect(text).to.equal(encodeAs("windows-1252", text).decode(all));
  });

  it("recognises BOMs and BOM-less UTF-16", () => {
    expect(bomEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).to.equal("utf-8");
    expect(bomEncoding(Uint8Array.of(0xff, 0xfe, 0x41, 0))).to.equal("utf-16le");
    expect(bomEncoding(Uint8Array.of(0xfe, 0xff, 0, 0x41))).to.equal("utf-16be");
    expect(bomlessUtf16(encodeAs("utf-16le", "ID,Deal Value\n").bytes)).to.equal("utf-16le");
    expect(bomlessUtf16(encodeAs("utf-16be", "ID,Deal Value\n").bytes)).to.equal("utf-16be");
    expect(bomlessUtf16(encodeAs("utf-8", "ID,Deal Value\n").bytes)).to.equal(undefined);
  });

  it("decodes in pieces cut inside a character, and refuses bytes that are not text", () => {
    const bytes = encodeAs("utf-8", "Société €").bytes;
    const decode = createDecoder("utf-8");
    expect(decode(bytes.subarray(0, 4), false) + decode(bytes.subarray(4), true)).to.equal("Société €");
    expect(() => createDecoder("utf-8")(Uint8Array.of(0x41, 0xe9, 0x41), true)).to.throw(
      /not valid utf-8 text \(at or after byte 0\)/,
    );
    const u16 = encodeAs("utf-16be", "ab").bytes;
    expect(createEncoder("utf-16be")(createDecoder("utf-16be")(u16, true))).to.deep.equal(u16);
  });

  it("understands the labels a user types", () => {
    expect(["UTF8", "utf-16", "CP1252", "latin1"].map(encodingNamed)).to.deep.equal([
      "utf-8",
      "utf-16le",
      "windows-1252",
      "windows-1252",
    ]);
    expect(encodingNamed("ebcdic")).to.equal(undefined);
  });
});
