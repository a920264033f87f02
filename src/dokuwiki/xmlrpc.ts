// XML-RPC as DokuWiki's xmlrpc.php speaks it: reading a <methodCall> (a small strict parser for that
// one document shape: no DTD, no external entities) and writing a <methodResponse> or a <fault>.
// Values travel as RpcValue; dates are RpcDate and files Buffers so each gets its XML-RPC type.
import { xmlEscape } from '../finding/xml.js';

/** A point in time, in Unix seconds: written as <dateTime.iso8601>. */
export class RpcDate {
  constructor(readonly seconds: number) {}
}

export type RpcValue = string | number | boolean | null | RpcDate | Buffer | RpcValue[] | { [key: string]: RpcValue };

export interface MethodCall {
  method: string;
  params: RpcValue[];
}

export class XmlRpcParseError extends Error {}

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const value = ENTITIES[name];
    if (value === undefined) throw new XmlRpcParseError(`unknown entity &${name};`);
    return value;
  });
}

const MAX_DEPTH = 64;

// Elements and their text; attributes are read past (XML-RPC has none).
function parseXml(xml: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlRpcParseError('a document type declaration is not accepted');
  const source = xml.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const root: XmlElement = { name: '#document', children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    const between = source.slice(last, match.index);
    if (between.includes('<')) throw new XmlRpcParseError('not well formed');
    stack.at(-1)!.text += decodeEntities(between);
    last = tag.lastIndex;
    if (match[5] !== undefined) {
      stack.at(-1)!.text += match[5];
      continue;
    }
    const [, closing, name = '', , selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0) throw new XmlRpcParseError(`unexpected </${name}>`);
      continue;
    }
    const element: XmlElement = { name, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
    // No client nests that deep; a request that does would overflow the reader's stack.
    if (stack.length > MAX_DEPTH) throw new XmlRpcParseError('nested too deep');
  }
  if (source.slice(last).trim() !== '' || stack.length !== 1) throw new XmlRpcParseError('not well formed');
  if (root.children.length !== 1) throw new XmlRpcParseError('not well formed');
  return root.children[0]!;
}

const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);

// XML-RPC dates: 19980717T14:08:55 (the specification), or ISO 8601 with dashes and a zone.
function parseDate(text: string): RpcDate {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!match) throw new XmlRpcParseError(`bad date ${text}`);
  const [, y, mo, d, h, mi, s, zone] = match;
  let seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.replace(/[+:-]/g, '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return new RpcDate(seconds);
}

function parseValue(value: XmlElement): RpcValue {
  const typed = value.children[0];
  if (!typed) return value.text;
  switch (typed.name) {
    case 'string':
      return typed.text;
    case 'int':
    case 'i4':
    case 'i8': {
      if (!/^\s*[+-]?\d+\s*$/.test(typed.text)) throw new XmlRpcParseError(`bad integer ${typed.text}`);
      return Number(typed.text);
    }
    case 'double': {
      const number = Number(typed.text);
      if (Number.isNaN(number)) throw new XmlRpcParseError(`bad double ${typed.text}`);
      return number;
    }
    case 'boolean':
      return typed.text.trim() === '1' || typed.text.trim().toLowerCase() === 'true';
    case 'dateTime.iso8601':
      return parseDate(typed.text);
    case 'base64':
      return Buffer.from(typed.text.replace(/\s+/g, ''), 'base64');
    case 'nil':
      return null;
    case 'array':
      return (child(typed, 'data')?.children ?? []).filter((c) => c.name === 'value').map(parseValue);
    case 'struct': {
      const struct: { [key: string]: RpcValue } = {};
      for (const member of typed.children.filter((c) => c.name === 'member')) {
        const name = child(member, 'name');
        const memberValue = child(member, 'value');
        if (!name || !memberValue) throw new XmlRpcParseError('a struct member needs a name and a value');
        struct[name.text] = parseValue(memberValue);
      }
      return struct;
    }
    default:
      throw new XmlRpcParseError(`unknown type <${typed.name}>`);
  }
}

/** Reads a <methodCall>; throws XmlRpcParseError for anything else. */
export function parseMethodCall(xml: string): MethodCall {
  const root = parseXml(xml);
  if (root.name !== 'methodCall') throw new XmlRpcParseError('the request must be a methodCall');
  const method = child(root, 'methodName')?.text.trim() ?? '';
  if (method === '') throw new XmlRpcParseError('the methodCall has no methodName');
  const params = (child(root, 'params')?.children ?? [])
    .filter((c) => c.name === 'param')
    .map((param) => {
      const value = child(param, 'value');
      if (!value) throw new XmlRpcParseError('a param needs a value');
      return parseValue(value);
    });
  return { method, params };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The date as XML-RPC's specification writes it (19980717T14:08:55, UTC), which every client reads. */
export function isoDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function writeValue(value: RpcValue): string {
  if (value === null) return '<value><nil/></value>';
  if (typeof value === 'string') return `<value><string>${xmlEscape(value)}</string></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? `<value><int>${value}</int></value>` : `<value><double>${value}</double></value>`;
  }
  if (value instanceof RpcDate) return `<value><dateTime.iso8601>${isoDate(value.seconds)}</dateTime.iso8601></value>`;
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString('base64')}</base64></value>`;
  if (Array.isArray(value)) return `<value><array><data>${value.map(writeValue).join('')}</data></array></value>`;
  const members = Object.entries(value).map(([name, member]) => `<member><name>${xmlEscape(name)}</name>${writeValue(member)}</member>`);
  return `<value><struct>${members.join('')}</struct></value>`;
}

const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

export function methodResponse(value: RpcValue): string {
  return `${DECLARATION}<methodResponse><params><param>${writeValue(value)}</param></params></methodResponse>\n`;
}

export function faultResponse(code: number, message: string): string {
  return `${DECLARATION}<methodResponse><fault>${writeValue({ faultCode: code, faultString: message })}</fault></methodResponse>\n`;
}
