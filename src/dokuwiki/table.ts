// DokuWiki tables (`^ head ^`, `| cell |`) → GFM tables. GFM has no spans: a spanned cell
// (`||` colspan, `:::` rowspan) becomes an empty cell so every column stays in place; header
// cells in body rows become bold text; a table without a header row gets an empty one.

interface Cell {
  header: boolean;
  raw: string;
}

// Markup inside which `|` and `^` are not cell separators (links, media, nowiki, monospace).
const PROTECTED: ReadonlyArray<[string, string]> = [
  ['[[', ']]'],
  ['{{', '}}'],
  ['%%', '%%'],
  ["''", "''"],
  ['<nowiki>', '</nowiki>'],
];

function splitRow(line: string): Cell[] {
  const cells: Cell[] = [];
  let current: Cell | null = null;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '|' || ch === '^') {
      if (current) cells.push(current);
      current = { header: ch === '^', raw: '' };
      i++;
      continue;
    }
    const guard = PROTECTED.find(([open]) => line.startsWith(open, i));
    const close = guard ? line.indexOf(guard[1], i + guard[0].length) : -1;
    const end = guard && close >= 0 ? close + guard[1].length : i + 1;
    if (current) current.raw += line.slice(i, end);
    i = end;
  }
  if (current && current.raw.trim() !== '') cells.push(current);
  return cells;
}

function alignmentOf(raw: string): string {
  if (raw.trim() === '') return '---';
  const left = /^ {2,}/.test(raw);
  const right = / {2,}$/.test(raw);
  if (left && right) return ':---:';
  if (left) return '---:';
  if (right) return ':---';
  return '---';
}

export function convertTable(lines: readonly string[], inline: (cell: string) => string): string {
  const rows = lines.map((line) => splitRow(line.trimEnd()));
  const columns = Math.max(1, ...rows.map((row) => row.length));
  const first = rows[0] ?? [];
  const hasHeader = first.length > 0 && first.every((cell) => cell.header);
  const body = hasHeader ? rows.slice(1) : rows;
  const render = (row: Cell[], inBody: boolean): string => {
    const texts = Array.from({ length: columns }, (_, c) => {
      const cell = row[c];
      if (!cell || cell.raw.trim() === ':::') return '';
      const text = inline(cell.raw.trim());
      return inBody && cell.header && text !== '' ? `**${text}**` : text;
    });
    return `| ${texts.join(' | ')} |`;
  };
  const align = Array.from({ length: columns }, (_, c) => alignmentOf(first[c]?.raw ?? ''));
  return [
    hasHeader ? render(first, false) : render([], false),
    `| ${align.join(' | ')} |`,
    ...body.map((row) => render(row, true)),
  ].join('\n');
}
