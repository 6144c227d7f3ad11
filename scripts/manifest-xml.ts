// A small, strict XML reader for the add-in manifest's structural check: elements, attributes, text,
// comments, CDATA and the XML declaration; no DTDs. Enough for manifest.xml without a parser dependency,
// and strict enough that a malformed manifest fails here before Office rejects it.

export interface XmlElement {
  name: string; // as written, prefix included ("bt:Image")
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string; // the element's own text, entities decoded, trimmed
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "XmlSyntaxError";
  }
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(text: string, line: number): string {
  return text.replace(/&([^;\s&]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new XmlSyntaxError(`unescaped "&" in "${whole}"`, line);
    if (ref in ENTITIES) return ENTITIES[ref];
    const code = /^#x[0-9a-f]+$/i.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d+$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : NaN;
    if (!Number.isFinite(code)) throw new XmlSyntaxError(`unknown entity "&${ref};"`, line);
    return String.fromCodePoint(code);
  });
}

export function parseXml(source: string): XmlElement {
  let pos = 0;
  let line = 1;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const texts = new Map<XmlElement, string[]>();

  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (source.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const expectEnd = (marker: string, what: string) => {
    const end = source.indexOf(marker, pos);
    if (end < 0) throw new XmlSyntaxError(`unterminated ${what}`, line);
    return end;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) throw new XmlSyntaxError(`expected a name at "${source.slice(pos, pos + 12)}"`, line);
    advance(pos + m[0].length);
    return m[0];
  };
  const skipSpace = () => {
    let i = pos;
    while (i < source.length && /\s/.test(source[i])) i++;
    advance(i);
  };

  if (source.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < source.length) {
    const lt = source.indexOf("<", pos);
    const text = source.slice(pos, lt < 0 ? source.length : lt);
    if (text.trim() !== "") {
      const parent = stack[stack.length - 1];
      if (!parent) throw new XmlSyntaxError("text outside the root element", line);
      texts.get(parent)!.push(decode(text, line));
    }
    if (lt < 0) {
      advance(source.length);
      break;
    }
    advance(lt);
    if (source.startsWith("<!--", pos)) {
      const end = expectEnd("-->", "comment");
      advance(end + 3);
    } else if (source.startsWith("<![CDATA[", pos)) {
      const end = expectEnd("]]>", "CDATA section");
      const parent = stack[stack.length - 1];
      if (!parent) throw new XmlSyntaxError("CDATA outside the root element", line);
      texts.get(parent)!.push(source.slice(pos + 9, end));
      advance(end + 3);
    } else if (source.startsWith("<?", pos)) {
      const end = expectEnd("?>", "processing instruction");
      advance(end + 2);
    } else if (source.startsWith("<!", pos)) {
      throw new XmlSyntaxError("DOCTYPE and other declarations are not allowed in a manifest", line);
    } else if (source.startsWith("</", pos)) {
      advance(pos + 2);
      const name = readName();
      skipSpace();
      if (source[pos] !== ">") throw new XmlSyntaxError(`expected ">" to close </${name}`, line);
      advance(pos + 1);
      const open = stack.pop();
      if (!open) throw new XmlSyntaxError(`</${name}> closes nothing`, line);
      if (open.name !== name)
        throw new XmlSyntaxError(`</${name}> closes <${open.name}> (line ${open.line})`, line);
      open.text = texts.get(open)!.join("").trim();
    } else {
      advance(pos + 1);
      const element: XmlElement = { name: readName(), attributes: {}, children: [], text: "", line };
      texts.set(element, []);
      for (;;) {
        skipSpace();
        if (source.startsWith("/>", pos) || source[pos] === ">") break;
        if (pos >= source.length) throw new XmlSyntaxError(`unterminated <${element.name}>`, line);
        const attr = readName();
        skipSpace();
        if (source[pos] !== "=") throw new XmlSyntaxError(`attribute ${attr} has no value`, line);
        advance(pos + 1);
        skipSpace();
        const quote = source[pos];
        if (quote !== '"' && quote !== "'") throw new XmlSyntaxError(`attribute ${attr} is not quoted`, line);
        const end = source.indexOf(quote, pos + 1);
        if (end < 0) throw new XmlSyntaxError(`attribute ${attr} is not closed`, line);
        const raw = source.slice(pos + 1, end);
        if (raw.includes("<")) throw new XmlSyntaxError(`"<" inside attribute ${attr}`, line);
        if (attr in element.attributes) throw new XmlSyntaxError(`attribute ${attr} repeated`, line);
        element.attributes[attr] = decode(raw, line);
        advance(end + 1);
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) throw new XmlSyntaxError(`a second root element <${element.name}>`, line);
      else root = element;
      if (source.startsWith("/>", pos)) {
        advance(pos + 2);
      } else {
        advance(pos + 1);
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw new XmlSyntaxError(`<${open.name}> (line ${open.line}) is never closed`, line);
  }
  if (!root) throw new XmlSyntaxError("no root element", line);
  return root;
}

/** Children with the given name (as written, prefix included). */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every element below (and including) `element`, depth first. */
export function descendants(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    out.push(e);
    e.children.forEach(walk);
  };
  walk(element);
  return out;
}
