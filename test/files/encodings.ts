// Test-side text encodings, written independently of src/files/textEncoding: bytes of a text in UTF-8, UTF-16
// LE/BE or Windows-1252 (its table taken from the platform's own decoder), with or without a BOM.

export type EncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface Encoded {
  text: string;
  bom: Uint8Array;
  bytes: Uint8Array;
  encode(text: string): Uint8Array;
  /** The text of bytes in this encoding, after its BOM. */
  decode(bytes: Uint8Array): string;
}

// Windows-1252's 0x80-0x9F as published (Node 20's own "windows-1252" decoder is Latin-1 there); the rest is
// Latin-1.
const HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const cp1252 = new Map<string, number>();
for (let b = 0; b < 256; b++) cp1252.set(b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b), b);
const cp1252Text = (bytes: Uint8Array) =>
  [...bytes].map((b) => (b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b))).join("");

function encode(encoding: EncodingName, text: string): Uint8Array {
  switch (encoding) {
    case "utf-8":
      return new Uint8Array(Buffer.from(text, "utf8"));
    case "utf-16le":
      return new Uint8Array(Buffer.from(text, "utf16le"));
    case "utf-16be":
      return new Uint8Array(Buffer.from(text, "utf16le").swap16());
    case "windows-1252":
      return Uint8Array.from(
        [...text].map((c) => {
          const b = cp1252.get(c);
          if (b === undefined) throw new Error(`no Windows-1252 byte for ${c}`);
          return b;
        }),
      );
  }
}

const BOMS: Record<EncodingName, number[]> = {
  "utf-8": [0xef, 0xbb, 0xbf],
  "utf-16le": [0xff, 0xfe],
  "utf-16be": [0xfe, 0xff],
  "windows-1252": [],
};

export function encodeAs(encoding: EncodingName, text: string, withBom = false): Encoded {
  const bom = Uint8Array.from(withBom ? BOMS[encoding] : []);
  const body = encode(encoding, text);
  return {
    text,
    bom,
    bytes: new Uint8Array([...bom, ...body]),
    encode: (t) => encode(encoding, t),
    decode: (bytes) =>
      encoding === "windows-1252"
        ? cp1252Text(bytes)
        : new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.length)),
  };
}
