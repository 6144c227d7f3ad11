// The text encodings a CSV arrives in and leaves in: UTF-8 (with or without a BOM), UTF-16 LE/BE (Excel's
// "Unicode Text", with a BOM) and Windows-1252 (Excel's "CSV (Comma delimited)" on Western-European Windows).
// Decoding and encoding are exact inverses for every file this module accepts, so a user's text written back
// gives the bytes it was read from. Pure TypeScript (TextDecoder), for Node and the browser.

import { fileError } from "./errors";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

const BOMS: Record<Exclude<TextEncodingName, "windows-1252">, number[]> = {
  "utf-8": [0xef, 0xbb, 0xbf],
  "utf-16le": [0xff, 0xfe],
  "utf-16be": [0xfe, 0xff],
};

/** The byte order mark an encoding writes, or none. */
export function bomBytes(encoding: TextEncodingName): Uint8Array {
  return Uint8Array.from(encoding === "windows-1252" ? [] : BOMS[encoding]);
}

const LABELS: Record<string, TextEncodingName> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-16le": "utf-16le",
  utf16le: "utf-16le",
  "utf-16": "utf-16le",
  utf16: "utf-16le",
  "utf-16be": "utf-16be",
  utf16be: "utf-16be",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
  "latin-1": "windows-1252",
  latin1: "windows-1252",
  ansi: "windows-1252",
};

/** The encoding a user names (`--encoding`): utf-8, utf-16le, utf-16be or windows-1252, a few aliases accepted. */
export function encodingNamed(label: string): TextEncodingName | undefined {
  return LABELS[label.trim().toLowerCase()];
}

export function encodingLabels(): string[] {
  return ["utf-8", "utf-16le", "utf-16be", "windows-1252"];
}

/** The encoding its BOM names, if the bytes start with one. */
export function bomEncoding(head: Uint8Array): Exclude<TextEncodingName, "windows-1252"> | undefined {
  for (const name of ["utf-8", "utf-16le", "utf-16be"] as const) {
    const bom = BOMS[name];
    if (head.length >= bom.length && bom.every((b, i) => head[i] === b)) return name;
  }
  return undefined;
}

/**
 * UTF-16 without a BOM, told by its zero bytes: ASCII text in UTF-16 has a zero in every other byte, which no
 * UTF-8 or Windows-1252 text has.
 */
export function bomlessUtf16(head: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.9 && zeroEven <= pairs * 0.05) return "utf-16le";
  if (zeroEven >= pairs * 0.9 && zeroOdd <= pairs * 0.05) return "utf-16be";
  return undefined;
}

/**
 * A streaming decoder: each call takes the next bytes (the last call with `final`) and returns their text. A BOM
 * of the encoding is dropped (the caller keeps it to write it back). UTF-8 and UTF-16 are decoded strictly: bytes
 * that are not valid text throw `file.encoding`, since a replacement character would change the user's text.
 */
export function createDecoder(encoding: TextEncodingName): (bytes: Uint8Array, final: boolean) => string {
  if (encoding === "windows-1252") return decodeCp1252;
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  return (bytes, final) => {
    try {
      const text = decoder.decode(bytes, { stream: !final });
      offset += bytes.length;
      return text;
    } catch {
      throw fileError("file.encoding", { encoding, offset });
    }
  };
}

// Windows-1252's 0x80-0x9F; the five bytes it leaves undefined decode (WHATWG) to the C1 control of that number.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_OF = new Map<number, number>(CP1252_HIGH.map((code, i) => [code, 0x80 + i]));
// Characters this tool writes that Windows-1252 lacks (the rationale's minus sign), and their plain twins.
const CP1252_FALLBACK = new Map<number, number>([
  [0x2212, 0x2d],
  [0x2009, 0x20],
  [0x202f, 0x20],
]);

/** Windows-1252 by its table: Node 20's TextDecoder("windows-1252") is Latin-1 for 0x80-0x9F. */
function decodeCp1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
  }
  let text = "";
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}

function encodeCp1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[i] = c;
    else out[i] = CP1252_OF.get(c) ?? CP1252_FALLBACK.get(c) ?? 0x3f; // "?"; user text never gets here
  }
  return out;
}

function encodeUtf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const [hi, lo] = bigEndian ? [0, 1] : [1, 0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + hi] = c >> 8;
    out[2 * i + lo] = c & 0xff;
  }
  return out;
}

const utf8 = new TextEncoder();

/** Encodes text in the encoding (no BOM): the inverse of createDecoder for anything it decoded. */
export function createEncoder(encoding: TextEncodingName): (text: string) => Uint8Array {
  if (encoding === "utf-8") return (text) => utf8.encode(text);
  if (encoding === "windows-1252") return encodeCp1252;
  return (text) => encodeUtf16(text, encoding === "utf-16be");
}
