// Small string-level XML helpers for SpreadsheetML parts: escaping, attributes, and locating or inserting elements
// without a DOM, so parts we edit keep every byte we did not mean to change.

const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const OOXML_ESCAPE_RE = /_x([0-9a-fA-F]{4})_/g;

function decodeEntity(_m: string, body: string): string {
  switch (body) {
    case "amp":
      return "&";
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "quot":
      return '"';
    case "apos":
      return "'";
  }
  const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : _m;
}

/** Decodes XML entities (attribute values, element text). */
export function decodeEntities(s: string): string {
  return s.indexOf("&") < 0 ? s : s.replace(ENTITY_RE, decodeEntity);
}

/** Decodes text of a SpreadsheetML string: XML entities, then Excel's _xHHHH_ escapes for control characters. */
export function decodeCellText(s: string): string {
  const t = decodeEntities(s);
  return t.indexOf("_x") < 0
    ? t
    : t.replace(OOXML_ESCAPE_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// Characters XML 1.0 cannot carry, plus CR (which XML parsers fold into LF): Excel writes them as _xHHHH_.
const NEEDS_OOXML_ESCAPE_RE = /[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/g;
const TEXT_SPECIAL_RE = /[&<>]/g;
const ATTR_SPECIAL_RE = /[&<>"\t\n\r]/g;
const SPECIAL: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escapes text for a cell string (<t>) so Excel reads back exactly the same characters. */
export function escapeCellText(s: string): string {
  let t = s.replace(NEEDS_OOXML_ESCAPE_RE, (m) =>
    m.length > 1 ? "_x005F" + m : "_x" + m.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "_",
  );
  if (/[&<>]/.test(t)) t = t.replace(TEXT_SPECIAL_RE, (c) => SPECIAL[c]);
  return t;
}

/** Escapes plain element text (formulas, defined names). */
export function escapeText(s: string): string {
  return s.replace(TEXT_SPECIAL_RE, (c) => SPECIAL[c]);
}

export function escapeAttr(s: string): string {
  return s.replace(ATTR_SPECIAL_RE, (c) => SPECIAL[c]);
}

const attrReCache = new Map<string, RegExp>();

function attrRe(name: string): RegExp {
  let re = attrReCache.get(name);
  if (!re) {
    const n = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    re = new RegExp(`(?:^|\\s)(${n})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrReCache.set(name, re);
  }
  return re;
}

/** Value of attribute `name` (decoded) in the attribute text of a start tag; undefined when absent. */
export function getAttr(attrs: string, name: string): string | undefined {
  // Fast path for the way every producer writes attributes: ` name="value"`.
  const i = attrs.indexOf(` ${name}="`);
  if (i >= 0) {
    const start = i + name.length + 3;
    const end = attrs.indexOf('"', start);
    return decodeEntities(attrs.slice(start, end));
  }
  if (attrs.indexOf(name) < 0) return undefined;
  const m = attrRe(name).exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[2] ?? m[3]);
}

/** Value of the first attribute whose local name is `local` under any namespace prefix (e.g. r:id). */
export function getPrefixedAttr(attrs: string, local: string): string | undefined {
  const re = new RegExp(`(?:^|\\s)[\\w.-]+:${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
}

/** Returns `startTag` with attribute `name` set to `value` (raw, unescaped input), added before the tag end if absent. */
export function setAttr(startTag: string, name: string, value: string): string {
  const escaped = escapeAttr(value);
  const m = attrRe(name).exec(startTag);
  if (m) {
    const at = m.index + m[0].indexOf(m[1]);
    return `${startTag.slice(0, at)}${name}="${escaped}"${startTag.slice(m.index + m[0].length)}`;
  }
  const end = startTag.endsWith("/>") ? startTag.length - 2 : startTag.length - 1;
  return `${startTag.slice(0, end)} ${name}="${escaped}"${startTag.slice(end)}`;
}

/** An element located in a part's text. Offsets index into that text. */
export interface XmlElement {
  /** Qualified name as written, e.g. "x:row" or "row". */
  name: string;
  local: string;
  prefix: string; // "x:" or ""
  start: number;
  /** Index just after the start tag's ">". */
  openEnd: number;
  /** Index of the end tag "</", or openEnd when self-closing. */
  closeStart: number;
  /** Index just after the element. */
  end: number;
  attrs: string;
  selfClosing: boolean;
}

/** Index just after the ">" closing the start tag that begins at `start` (quotes respected). */
function startTagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return -1;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** Completes an element whose start tag begins at `start` with qualified name `name`. */
function elementAt(xml: string, start: number, name: string): XmlElement | undefined {
  const openEnd = startTagEnd(xml, start + 1 + name.length);
  if (openEnd < 0) return undefined;
  const colon = name.indexOf(":");
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const prefix = colon >= 0 ? name.slice(0, colon + 1) : "";
  const attrsEnd = xml.charCodeAt(openEnd - 2) === 47 ? openEnd - 2 : openEnd - 1;
  const attrs = xml.slice(start + 1 + name.length, attrsEnd);
  const element = (closeStart: number, end: number, selfClosing: boolean): XmlElement => ({
    name,
    local,
    prefix,
    start,
    openEnd,
    closeStart,
    end,
    attrs,
    selfClosing,
  });
  if (attrsEnd === openEnd - 2) return element(openEnd, openEnd, true);
  // Find the matching end tag, counting nested elements of the same name.
  const open = `<${name}`;
  const close = `</${name}>`;
  let depth = 1;
  let pos = openEnd;
  for (;;) {
    const c = xml.indexOf(close, pos);
    if (c < 0) return undefined;
    let o = xml.indexOf(open, pos);
    while (o >= 0 && o < c) {
      if (isNameEnd(xml.charCodeAt(o + open.length))) {
        const e = startTagEnd(xml, o + open.length);
        if (e < 0) return undefined;
        if (xml.charCodeAt(e - 2) !== 47) depth++;
        pos = e;
      } else pos = o + open.length;
      o = xml.indexOf(open, pos);
    }
    depth--;
    if (depth === 0) return element(c, c + close.length, false);
    pos = c + close.length;
  }
}

const elementReCache = new Map<string, RegExp>();

/** First element with local name `local` (any prefix, any depth) starting in [from, to). */
export function findElement(xml: string, local: string, from = 0, to = xml.length): XmlElement | undefined {
  let re = elementReCache.get(local);
  if (!re) {
    re = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${local})(?=[\\s/>])`, "g");
    elementReCache.set(local, re);
  }
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m || m.index >= to) return undefined;
  return elementAt(xml, m.index, m[1]);
}

/** All elements named `local` in [from, to), not descending into matches. */
export function findElements(xml: string, local: string, from = 0, to = xml.length): XmlElement[] {
  const out: XmlElement[] = [];
  let pos = from;
  for (;;) {
    const el = findElement(xml, local, pos, to);
    if (!el || el.end > to) return out;
    out.push(el);
    pos = el.end;
  }
}

/** Direct child elements of `parent` (comments, processing instructions and text skipped). */
export function childElements(xml: string, parent: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  let pos = parent.openEnd;
  const end = parent.closeStart;
  while (pos < end) {
    const lt = xml.indexOf("<", pos);
    if (lt < 0 || lt >= end) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      const close = xml.startsWith("<!--", lt) ? xml.indexOf("-->", lt) + 3 : xml.indexOf("]]>", lt) + 3;
      pos = close > 2 ? close : end;
      continue;
    }
    if (next === 63 /* ? */) {
      pos = xml.indexOf("?>", lt) + 2;
      continue;
    }
    let i = lt + 1;
    while (i < end && !isNameEnd(xml.charCodeAt(i))) i++;
    const el = elementAt(xml, lt, xml.slice(lt + 1, i));
    if (!el) break;
    out.push(el);
    pos = el.end;
  }
  return out;
}

/** Inserts `childXml` among `parent`'s children so that element order follows `order` (schema sequence). */
export function insertInOrder(
  xml: string,
  parent: XmlElement,
  childLocal: string,
  childXml: string,
  order: string[],
): string {
  const target = order.indexOf(childLocal);
  let rank = -1;
  let at = parent.closeStart;
  for (const child of childElements(xml, parent)) {
    let r = order.indexOf(child.local);
    // Wrappers such as mc:AlternateContent sit where the element they wrap would.
    if (r < 0) r = rankOfWrapped(xml, child, order);
    if (r < 0) r = rank;
    if (r > target) {
      at = child.start;
      break;
    }
    rank = r;
  }
  if (parent.selfClosing) {
    const open = xml.slice(parent.start, parent.openEnd - 2) + ">";
    return `${xml.slice(0, parent.start)}${open}${childXml}</${parent.name}>${xml.slice(parent.end)}`;
  }
  return xml.slice(0, at) + childXml + xml.slice(at);
}

function rankOfWrapped(xml: string, el: XmlElement, order: string[]): number {
  const inner = xml.slice(el.openEnd, el.closeStart);
  const re = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) {
    const r = order.indexOf(m[1]);
    if (r >= 0) return r;
  }
  return -1;
}

/** Appends `childXml` as the last child of `parent`. */
export function appendChild(xml: string, parent: XmlElement, childXml: string): string {
  if (parent.selfClosing) {
    const open = xml.slice(parent.start, parent.openEnd - 2).trimEnd() + ">";
    return `${xml.slice(0, parent.start)}${open}${childXml}</${parent.name}>${xml.slice(parent.end)}`;
  }
  return xml.slice(0, parent.closeStart) + childXml + xml.slice(parent.closeStart);
}

/** Replaces the start tag of `el` with `newStartTag` (which must keep the same self-closing form). */
export function replaceStartTag(xml: string, el: XmlElement, newStartTag: string): string {
  return xml.slice(0, el.start) + newStartTag + xml.slice(el.openEnd);
}

export function startTagOf(xml: string, el: XmlElement): string {
  return xml.slice(el.start, el.openEnd);
}
