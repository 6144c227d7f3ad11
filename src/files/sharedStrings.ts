// Text of SpreadsheetML strings: the shared-string table and inline/rich strings (runs concatenated, phonetic
// guide text left out).

import { decodeCellText } from "./xml";

const PHONETIC_RE = /<(?:[A-Za-z_][\w.-]*:)?rPh\b[\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?rPh>/g;
const T_RE = /<(?:[A-Za-z_][\w.-]*:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?t>)/g;
const SI_RE = /<(?:[A-Za-z_][\w.-]*:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?si>)/g;

/** Text of a string item's content (<si> or <is>): plain <t>, or rich-text runs joined. */
export function stringItemText(inner: string): string {
  // Fast path: a single plain <t>text</t>.
  if (inner.startsWith("<t>")) {
    const end = inner.indexOf("</t>");
    if (end === inner.length - 4) return decodeCellText(inner.slice(3, end));
  }
  const body = inner.indexOf("rPh") >= 0 ? inner.replace(PHONETIC_RE, "") : inner;
  let text = "";
  T_RE.lastIndex = 0;
  for (let m = T_RE.exec(body); m; m = T_RE.exec(body)) text += m[1] ?? "";
  return decodeCellText(text);
}

export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  SI_RE.lastIndex = 0;
  for (let m = SI_RE.exec(xml); m; m = SI_RE.exec(xml))
    out.push(m[1] === undefined ? "" : stringItemText(m[1]));
  return out;
}
