// CSV for the user manager's export and import (RFC 4180): what toCsv writes, parseCsv reads back.
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/accounts/csv.js';

describe('round trips', () => {
  it.each([
    { name: 'plain fields', rows: [['login', 'name', 'email'], ['alice', 'Alice', 'alice@example.org']] },
    { name: 'commas', rows: [['a,b', 'c'], [',', ',,']] },
    { name: 'quotes', rows: [['say "hi"', '"'], ['""', 'a"b']] },
    { name: 'a line break inside a field', rows: [['line one\nline two', 'x'], ['y', 'z']] },
    { name: 'CRLF and a lone CR inside a field', rows: [['a\r\nb', 'c\rd']] },
    { name: 'empty fields', rows: [['', 'b', ''], [',', '']] },
    { name: 'spaces kept', rows: [[' leading', 'trailing ', '  ']] },
    { name: 'unicode', rows: [['élève', 'Jürgen Groß', '日本語', '😀 emoji', 'مرحبا']] },
    { name: 'one column', rows: [['alice'], ['bob']] },
    { name: 'rows of different lengths', rows: [['a'], ['b', 'c', 'd']] },
    { name: 'everything at once', rows: [['x,"y"\r\nz', 'ok', 'é,"\n']] },
  ])('$name', ({ rows }) => {
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});

describe('toCsv', () => {
  it.each([
    { rows: [['a', 'b']], csv: 'a,b\r\n' },
    { rows: [['a,b']], csv: '"a,b"\r\n' },
    { rows: [['say "hi"']], csv: '"say ""hi"""\r\n' },
    { rows: [['two\nlines']], csv: '"two\nlines"\r\n' },
    { rows: [['cr\rhere']], csv: '"cr\rhere"\r\n' },
    { rows: [['a'], ['b']], csv: 'a\r\nb\r\n' },
    { rows: [['élève']], csv: 'élève\r\n' },
  ])('$rows → $csv', ({ rows, csv }) => {
    expect(toCsv(rows)).toBe(csv);
  });
});

describe('parseCsv', () => {
  it.each([
    { name: 'LF line ends', csv: 'a,b\nc,d\n', rows: [['a', 'b'], ['c', 'd']] },
    { name: 'CRLF line ends', csv: 'a,b\r\nc,d\r\n', rows: [['a', 'b'], ['c', 'd']] },
    { name: 'CR line ends', csv: 'a,b\rc,d', rows: [['a', 'b'], ['c', 'd']] },
    { name: 'no final line end', csv: 'a,b\nc,d', rows: [['a', 'b'], ['c', 'd']] },
    { name: 'blank lines skipped', csv: '\na,b\n\n\r\n\nc,d\n\n', rows: [['a', 'b'], ['c', 'd']] },
    { name: 'empty text', csv: '', rows: [] },
    { name: 'only line breaks', csv: '\r\n\n\r', rows: [] },
    { name: 'a trailing comma is an empty field', csv: 'a,\n', rows: [['a', '']] },
    { name: 'a line of commas', csv: ',,\n', rows: [['', '', '']] },
    { name: 'quoted field with comma and CRLF', csv: '"a,\r\nb",c\r\n', rows: [['a,\r\nb', 'c']] },
    { name: 'doubled quotes', csv: '"he said ""no"""\n', rows: [['he said "no"']] },
    { name: 'a quote inside an unquoted field is kept', csv: 'a"b,c\n', rows: [['a"b', 'c']] },
    { name: 'quoted empty field', csv: '"",x\n', rows: [['', 'x']] },
    { name: 'BOM-less unicode', csv: 'login,name\nzoé,Zoé Ærø\n', rows: [['login', 'name'], ['zoé', 'Zoé Ærø']] },
  ])('$name', ({ csv, rows }) => {
    expect(parseCsv(csv)).toEqual(rows);
  });
});
