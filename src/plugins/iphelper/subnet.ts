// IP subnet arithmetic for iphelper, the one source of truth for the server and the browser:
// no imports and no Node APIs, so tsc's output is served as is to the page as an ES module.

export type Family = 4 | 6;

export type SubnetField = 'network' | 'first' | 'last' | 'broadcast' | 'mask' | 'cidr' | 'usable' | 'reverse';

export const SUBNET_FIELDS: readonly SubnetField[] = ['network', 'first', 'last', 'broadcast', 'mask', 'cidr', 'usable', 'reverse'];

/** Why an input has no answer; each has a message in the plugin's catalogues (`error.CODE`). */
export type SubnetError = 'empty' | 'address' | 'prefix' | 'prefixMissing' | 'mask' | 'maskFamily' | 'conflict';

export const SUBNET_ERRORS: readonly SubnetError[] = ['empty', 'address', 'prefix', 'prefixMissing', 'mask', 'maskFamily', 'conflict'];

export interface SubnetInput {
  /** An address, optionally with `/prefix` or `/mask`. */
  ip: string;
  /** `24`, `/24`, or a dotted mask. */
  prefix?: string;
  /** A dotted IPv4 mask such as `255.255.255.0`. */
  mask?: string;
}

export interface Subnet {
  family: Family;
  prefix: number;
  network: bigint;
  mask: bigint;
  first: bigint;
  last: bigint;
  /** null for IPv6 and for IPv4 /31 and /32. */
  broadcast: bigint | null;
  usable: bigint;
}

export type SubnetResult =
  | { ok: true; subnet: Subnet }
  | { ok: false; error: SubnetError; field: 'ip' | 'prefix'; max: number };

/** Shown where a value does not exist (no broadcast). */
export const NONE = '—';

const BITS: Record<Family, number> = { 4: 32, 6: 128 };
const DOTTED = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const GROUP = /^[0-9a-f]{1,4}$/i;

/** A dotted quad; leading zeros are refused, as they read as octal in some tools. */
export function parseIpv4(text: string): bigint | null {
  if (!DOTTED.test(text)) return null;
  let value = 0n;
  for (const part of text.split('.')) {
    if (!OCTET.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function groupsOf(text: string): string[] {
  return text === '' ? [] : text.split(':');
}

/** Full, `::`-compressed and IPv4-tailed (`::ffff:192.0.2.1`) forms; no zone ids. */
export function parseIpv6(text: string): bigint | null {
  let source = text;
  if (source.includes('.')) {
    const lastColon = source.lastIndexOf(':');
    const tail = parseIpv4(source.slice(lastColon + 1));
    if (lastColon < 0 || tail === null) return null;
    source = `${source.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return null;
  const left = groupsOf(halves[0] ?? '');
  const right = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const given = left.length + right.length;
  if (halves.length === 2 ? given > 7 : given !== 8) return null;
  const groups = [...left, ...Array<string>(8 - given).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!GROUP.test(group)) return null;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

export function parseAddress(text: string): { family: Family; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : null;
  return v6 === null ? null : { family: 6, value: v6 };
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  // IPv4-mapped addresses are written with their IPv4 tail (RFC 5952 §5).
  if (value >> 32n === 0xffffn) return `::ffff:${formatIpv4(value & 0xffffffffn)}`;
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatAddress(value: bigint, family: Family): string {
  return family === 4 ? formatIpv4(value) : formatIpv6(value);
}

/** The prefix length of a contiguous dotted mask, or null. */
export function maskToPrefix(text: string): number | null {
  const mask = parseIpv4(text);
  if (mask === null) return null;
  const hostBits = 0xffffffffn ^ mask;
  if ((hostBits & (hostBits + 1n)) !== 0n) return null;
  return 32 - hostBits.toString(2).replace(/^0+/, '').length;
}

type PrefixReading = { prefix: number } | { error: SubnetError };

/** `24`, `/24`, or a dotted mask, for an address of `family`. */
function readPrefix(text: string, family: Family, maskOnly: boolean): PrefixReading {
  if (maskOnly || DOTTED.test(text)) {
    if (family === 6) return { error: 'maskFamily' };
    const prefix = maskToPrefix(text);
    return prefix === null ? { error: 'mask' } : { prefix };
  }
  const match = /^\/?(\d{1,3})$/.exec(text);
  if (!match?.[1] || Number(match[1]) > BITS[family]) return { error: 'prefix' };
  return { prefix: Number(match[1]) };
}

export function computeSubnet(family: Family, address: bigint, prefix: number): Subnet {
  const bits = BITS[family];
  const all = (1n << BigInt(bits)) - 1n;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const mask = all ^ hostMask;
  const network = address & mask;
  const top = network | hostMask;
  if (family === 6) return { family, prefix, network, mask, first: network, last: top, broadcast: null, usable: hostMask + 1n };
  if (prefix === 32) return { family, prefix, network, mask, first: network, last: network, broadcast: null, usable: 1n };
  // RFC 3021: a /31 is a point-to-point link whose two addresses are both hosts.
  if (prefix === 31) return { family, prefix, network, mask, first: network, last: top, broadcast: null, usable: 2n };
  return { family, prefix, network, mask, first: network + 1n, last: top - 1n, broadcast: top, usable: hostMask - 1n };
}

/** Reads the form's fields; never throws. */
export function calculateSubnet(input: SubnetInput): SubnetResult {
  const raw = input.ip.trim();
  const slash = raw.indexOf('/');
  const addressText = slash < 0 ? raw : raw.slice(0, slash).trim();
  if (addressText === '') return { ok: false, error: 'empty', field: 'ip', max: 32 };
  const address = parseAddress(addressText);
  if (!address) return { ok: false, error: 'address', field: 'ip', max: 32 };
  const max = BITS[address.family];
  const fail = (error: SubnetError): SubnetResult => ({ ok: false, error, field: error === 'address' ? 'ip' : 'prefix', max });

  const readings: PrefixReading[] = [];
  if (slash >= 0) readings.push(readPrefix(raw.slice(slash + 1).trim(), address.family, false));
  const prefixText = input.prefix?.trim() ?? '';
  if (prefixText !== '') readings.push(readPrefix(prefixText, address.family, false));
  const maskText = input.mask?.trim() ?? '';
  if (maskText !== '') readings.push(readPrefix(maskText, address.family, true));
  if (readings.length === 0) return fail('prefixMissing');
  const prefixes = new Set<number>();
  for (const reading of readings) {
    if ('error' in reading) return fail(reading.error);
    prefixes.add(reading.prefix);
  }
  const [prefix] = [...prefixes];
  if (prefixes.size > 1 || prefix === undefined) return fail('conflict');
  return { ok: true, subnet: computeSubnet(address.family, address.value, prefix) };
}

/** The zone of the enclosing octet (IPv4) or nibble (IPv6) boundary of the network. */
export function reverseZone(subnet: Subnet): string {
  if (subnet.family === 4) {
    const octets = formatIpv4(subnet.network).split('.').slice(0, Math.floor(subnet.prefix / 8));
    return [...octets.reverse(), 'in-addr.arpa'].join('.');
  }
  const nibbles = subnet.network.toString(16).padStart(32, '0').split('').slice(0, Math.floor(subnet.prefix / 4));
  return [...nibbles.reverse(), 'ip6.arpa'].join('.');
}

/** Counts in full with the language's grouping (`340,282,366,…`), whatever their size. */
export function formatCount(count: bigint, lang: string): string {
  try {
    return new Intl.NumberFormat(lang).format(count);
  } catch {
    return count.toString();
  }
}

/** Every result value as text, as the widget shows it in its `data-field` elements. */
export function describeSubnet(subnet: Subnet, lang: string): Record<SubnetField, string> {
  const address = (value: bigint) => formatAddress(value, subnet.family);
  const network = address(subnet.network);
  return {
    network,
    first: address(subnet.first),
    last: address(subnet.last),
    broadcast: subnet.broadcast === null ? NONE : address(subnet.broadcast),
    mask: subnet.family === 4 ? address(subnet.mask) : `/${subnet.prefix}`,
    cidr: `${network}/${subnet.prefix}`,
    usable: formatCount(subnet.usable, lang),
    reverse: reverseZone(subnet),
  };
}
