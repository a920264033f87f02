// A small strict XML reader for tests (feeds, sitemap): it throws on anything that is not
// well-formed XML 1.0 — unclosed or crossed tags, a bare '&' or '<', unknown entities, repeated
// attributes, two roots — and returns the element tree to check.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (entities decoded), children's text excluded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`'<' in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity in ${where}: ${whole}`);
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity &${name}; in ${where}`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  if (NOT_XML_CHAR.test(source)) throw new Error('a character XML does not allow');
  let text = source.replace(/^<\?xml[^?]*\?>/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (text.length > 0) {
    const lt = text.indexOf('<');
    const chunk = lt < 0 ? text : text.slice(0, lt);
    if (chunk !== '') {
      const parent = stack.at(-1);
      if (!parent) {
        if (chunk.trim() !== '') throw new Error(`text outside the root element: ${chunk.slice(0, 40)}`);
      } else {
        parent.text += decode(chunk, `<${parent.name}>`);
      }
    }
    if (lt < 0) break;
    text = text.slice(lt);
    if (text.startsWith('<!--')) {
      const end = text.indexOf('-->');
      if (end < 0) throw new Error('unterminated comment');
      text = text.slice(end + 3);
      continue;
    }
    const gt = text.indexOf('>');
    if (gt < 0) throw new Error('unterminated tag');
    const tag = text.slice(1, gt);
    text = text.slice(gt + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    let rest = selfClosing ? tag.slice(0, -1) : tag;
    const name = NAME.exec(rest)?.[0];
    if (!name) throw new Error(`bad tag <${tag}>`);
    rest = rest.slice(name.length);
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      rest = rest.replace(/^\s+/, '');
      if (rest === '') break;
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest);
      if (!attribute?.[1]) throw new Error(`bad attribute in <${tag}>`);
      if (attribute[1] in element.attributes) throw new Error(`repeated attribute ${attribute[1]} in <${name}>`);
      element.attributes[attribute[1]] = decode(attribute[3] ?? attribute[4] ?? '', `attribute ${attribute[1]}`);
      rest = rest.slice(attribute[0].length);
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The direct children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The text of the first direct child named `name` ('' when there is none). */
export function childText(element: XmlElement, name: string): string {
  return childrenNamed(element, name)[0]?.text ?? '';
}
