// Bounds on the work one page may ask of the renderer. Every rule is linear, but 2 MB of dense
// markup (a table of half a million cells, a million `[`) still costs seconds and a gigabyte of
// tokens; past these bounds the rest of the page is shown as plain text, and the render says so.
// The bounds are counts, not clocks, so a page renders the same way on a busy server.
import type MarkdownIt from 'markdown-it';
import type { StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import table from 'markdown-it/lib/rules_block/table.mjs';

export const RENDER_LIMITS = {
  /** Lines of the page given to the parser; markdown-it keeps four numbers per line. */
  lines: 50_000,
  /** Blocks started (paragraphs, headings, list items, quotes …), nested ones included. */
  blocks: 10_000,
  /** Positions where the inline rules are tried: markup characters and token starts. */
  inlineSteps: 100_000,
  /** Inline tokens made (text, links, emphasis …). */
  inlineTokens: 100_000,
  /** Table cells of the whole page. */
  tableCells: 20_000,
  /** Columns of one table. */
  tableColumns: 128,
  /** Footnotes of the page. */
  footnotes: 1_000,
  /** Links and media resolved to a page or file (each one cleans and looks up an id). */
  links: 10_000,
} as const;

export interface Budget {
  blocks: number;
  steps: number;
  tokens: number;
  tableCells: number;
  links: number;
  /** Some of the page went past a bound and is shown as plain text. */
  over: boolean;
  /** The inline bounds are spent: the remaining inline content is text. */
  inlineSpent: boolean;
  /** The page's lines past `RENDER_LIMITS.lines`, shown after the rest as plain text. */
  rest: string;
}

const budgets = new WeakMap<object, Budget>();

/** The budget of the render `env` belongs to, made on first use. */
export function budgetOf(env: object): Budget {
  let budget = budgets.get(env);
  if (!budget) {
    budget = { blocks: 0, steps: 0, tokens: 0, tableCells: 0, links: 0, over: false, inlineSpent: false, rest: '' };
    budgets.set(env, budget);
  }
  return budget;
}

/** Whether one more link or media may be resolved (counted when `take`); past the bound, it stays its text. */
export function roomForLink(env: object, take = true): boolean {
  return spendLink(budgetOf(env), take);
}

function spendLink(budget: Budget, take: boolean): boolean {
  if (budget.links < RENDER_LIMITS.links) {
    if (take) budget.links++;
    return true;
  }
  budget.over = true;
  return false;
}

const BLANK = /^\s*$/;

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
}

/** Lines [from, to) as one block of plain text. */
function pushCut(state: StateBlock, from: number, to: number): void {
  const token = state.push('quire_cut', 'pre', 0);
  token.block = true;
  token.map = [from, to];
  token.content = state.getLines(from, to, state.blkIndent, false);
  budgetOf(state.env as object).over = true;
  state.line = to;
}

// markdown-it's normalize rule, without its replacing of every '\n' by itself: on a page of a
// million short lines that alone made a million replacement parts to collect.
function normalize(state: StateCore): void {
  let src = state.src;
  if (src.includes('\r')) src = src.replace(/\r\n?/g, '\n');
  if (src.includes('\0')) src = src.replace(/\0/g, '\uFFFD');
  state.src = src;
}

// Before the block rules: only the first lines are parsed.
function keepFirstLines(state: StateCore): void {
  let end = -1;
  for (let line = 0; line < RENDER_LIMITS.lines; line++) {
    end = state.src.indexOf('\n', end + 1);
    if (end < 0) return;
  }
  const budget = budgetOf(state.env as object);
  budget.rest = state.src.slice(end + 1);
  budget.over = budget.rest !== '';
  state.src = state.src.slice(0, end + 1);
}

// After the block rules: the lines left out, as one plain-text block.
function appendRest(state: StateCore): void {
  const { rest } = budgetOf(state.env as object);
  if (rest === '') return;
  const token = new state.Token('quire_cut', 'pre', 0);
  token.block = true;
  token.content = rest;
  state.tokens.push(token);
}

// Tried before every other block rule: once the page has started too many blocks, the rest of
// the current container is one plain-text block.
function blockBound(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const budget = budgetOf(state.env as object);
  if (silent || ++budget.blocks <= RENDER_LIMITS.blocks) return false;
  pushCut(state, startLine, endLine);
  return true;
}

/** The line after the table that starts at `startLine`: the next blank line, or the end. */
function tableEnd(state: StateBlock, startLine: number, endLine: number): number {
  let line = startLine;
  while (line < endLine && !BLANK.test(lineText(state, line))) line++;
  return line;
}

function countPipes(text: string): number {
  let pipes = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x7c) pipes++;
  return pipes;
}

// markdown-it's table rule, given only as many rows as the page's remaining cells allow; the
// rows past them, and a table of too many columns, are plain text.
function boundedTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (silent) return table(state, startLine, endLine, true);
  if (!table(state, startLine, endLine, true)) return false;
  const budget = budgetOf(state.env as object);
  const columns = countPipes(lineText(state, startLine)) + 1;
  const cellsLeft = RENDER_LIMITS.tableCells - budget.tableCells;
  const rows = Math.floor(cellsLeft / columns);
  if (columns > RENDER_LIMITS.tableColumns || rows < 2) {
    pushCut(state, startLine, tableEnd(state, startLine, endLine));
    return true;
  }
  // The header and its delimiter line, then the body rows.
  const limit = Math.min(endLine, startLine + 1 + rows);
  if (!table(state, startLine, limit, false)) return false;
  budget.tableCells += columns * (state.line - startLine - 1);
  if (state.line === limit && limit < endLine && !BLANK.test(lineText(state, limit))) {
    pushCut(state, limit, tableEnd(state, limit, endLine));
  }
  return true;
}

// Tried before every other inline rule, at every position the rules are tried: once the page's
// inline bounds are spent, the rest of this inline content is plain text.
function inlineBound(state: StateInline, silent: boolean): boolean {
  const budget = budgetOf(state.env as object);
  if (!budget.inlineSpent) {
    budget.steps++;
    if (budget.steps <= RENDER_LIMITS.inlineSteps && budget.tokens + state.tokens.length <= RENDER_LIMITS.inlineTokens) return false;
    budget.inlineSpent = true;
    budget.over = true;
  }
  if (!silent) state.push('quire_cut_text', '', 0).content = state.src.slice(state.pos, state.posMax);
  state.pos = state.posMax;
  return true;
}

// markdown-it's core inline rule, counting the tokens each inline content made; once the bounds
// are spent, the remaining inline contents are not parsed at all.
function boundedInline(state: StateCore): void {
  const budget = budgetOf(state.env as object);
  for (const token of state.tokens) {
    if (token.type !== 'inline') continue;
    if (budget.inlineSpent) {
      const text = new state.Token('quire_cut_text', '', 0);
      text.content = token.content;
      token.children = [text];
      continue;
    }
    const children: Token[] = [];
    state.md.inline.parse(token.content, state.md, state.env, children);
    token.children = children;
    budget.tokens += children.length;
  }
}

// Linkify finds links in text after the inline rules: its finds are counted as links too. The
// budget of the render in progress is at hand, since markdown-it renders synchronously.
function boundLinkify(md: MarkdownIt, current: () => Budget | null): void {
  const { linkify } = md;
  const match = linkify.match.bind(linkify);
  const matchAtStart = linkify.matchAtStart.bind(linkify);
  linkify.match = (text) => {
    const budget = current();
    const found = match(text);
    if (!found || !budget) return found;
    const room = Math.max(0, RENDER_LIMITS.links - budget.links);
    if (found.length > room) {
      found.length = room;
      budget.over = true;
    }
    budget.links += found.length;
    // markdown-it asked test() first and counts on an array.
    return found;
  };
  // Also asked by markdown-it's look-ahead, so a link may count twice: the bound stays a bound.
  linkify.matchAtStart = (text) => {
    const budget = current();
    return budget && !spendLink(budget, true) ? null : matchAtStart(text);
  };
}

export function renderBudget(md: MarkdownIt): void {
  let current: Budget | null = null;
  md.core.ruler.at('normalize', (state) => {
    current = budgetOf(state.env as object);
    normalize(state);
  });
  boundLinkify(md, () => current);
  md.core.ruler.after('normalize', 'quire_lines', keepFirstLines);
  md.core.ruler.after('block', 'quire_rest', appendRest);
  md.block.ruler.before('table', 'quire_bound', blockBound);
  md.block.ruler.at('table', boundedTable, { alt: ['paragraph', 'reference'] });
  md.inline.ruler.before('text', 'quire_bound', inlineBound);
  md.core.ruler.at('inline', boundedInline);
  md.renderer.rules.quire_cut = (tokens, idx) => `<pre class="render-cut">${md.utils.escapeHtml(tokens[idx]!.content)}</pre>\n`;
  md.renderer.rules.quire_cut_text = (tokens, idx) => md.utils.escapeHtml(tokens[idx]!.content);
}
