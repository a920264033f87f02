// What the editor's toolbar buttons do to the text (client/editor/markup.ts), on CodeMirror states:
// `|` marks the cursor, `[` and `]` a selection, before and after each action.
import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { actionChange, mediaMarkup } from '../../client/editor/markup.js';
import type { ToolbarAction } from '../../src/editor/toolbar.js';
import { QUIRE_TOOLBAR } from '../../src/editor/toolbar.js';

function stateOf(marked: string): EditorState {
  const cursor = marked.indexOf('|');
  if (cursor >= 0) return EditorState.create({ doc: marked.replace('|', ''), selection: EditorSelection.cursor(cursor) });
  const from = marked.indexOf('[');
  const to = marked.indexOf(']', from) - 1;
  return EditorState.create({ doc: marked.slice(0, from) + marked.slice(from + 1, to + 1) + marked.slice(to + 2), selection: EditorSelection.range(from, to) });
}

function marked(state: EditorState): string {
  const { from, to, empty } = state.selection.main;
  const doc = state.doc.toString();
  return empty ? `${doc.slice(0, from)}|${doc.slice(from)}` : `${doc.slice(0, from)}[${doc.slice(from, to)}]${doc.slice(to)}`;
}

const actionOf = (name: string): ToolbarAction => {
  const entry = QUIRE_TOOLBAR.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(name);
  return entry.action;
};

function apply(name: string, before: string): string {
  const state = stateOf(before);
  const change = actionChange(state, actionOf(name));
  return change ? marked(state.update(change).state) : before;
}

describe('toolbar actions', () => {
  it.each([
    ['bold', 'a [word] here', 'a **[word]** here'],
    ['bold', 'a |here', 'a **|**here'],
    ['bold', 'a **[word]** here', 'a [word] here'],
    ['bold', 'a [**word**] here', 'a [word] here'],
    ['bold', 'a [word ]here', 'a **[word]** here'],
    ['italic', 'an [idea]', 'an *[idea]*'],
    ['italic', 'a **[bold]** word', 'a ***[bold]*** word'],
    ['strike', '[gone]', '~~[gone]~~'],
    ['code', 'run [npm ci]', 'run `[npm ci]`'],
    ['footnote', 'fact[ source]', 'fact ^[[source]]'],
    ['heading', 'Title|', '## Title|'],
    ['heading', '# Ti|tle', '## Ti|tle'],
    ['heading', '## Ti|tle', 'Ti|tle'],
    ['heading', '|', '## |'],
    ['quote', '[one\ntwo]', '> [one\n> two]'],
    ['quote', '[> one\n> two]', '[one\ntwo]'],
    ['ul', '[milk\n\neggs]', '- [milk\n\n- eggs]'],
    ['ol', '[milk\neggs\nbread]', '1. [milk\n2. eggs\n3. bread]'],
    ['ol', '[1. milk\n2. eggs]', '[milk\neggs]'],
    ['codeblock', 'see [x = 1] here', 'see \n```\n[x = 1]\n```\n here'],
    ['codeblock', '|', '```\n|\n```'],
    ['table', 'Text|', 'Text\n\n|  |  |\n| --- | --- |\n|  |  ||\n'],
    ['table', 'One\n|\nTwo', 'One\n\n|  |  |\n| --- | --- |\n|  |  ||\n\nTwo'],
    ['hr', 'Above|\n\nBelow', 'Above\n\n---|\n\nBelow'],
    ['hr', '|', '---|\n'],
    ['link', 'see [the guide]', 'see [[||the guide]]'], // the cursor, then the label's bar
    ['link', 'see |', 'see [[|]]'],
  ])('%s: %j → %j', (name, before, after) => {
    expect(apply(name, before)).toBe(after);
  });

  it('media changes no text: it opens the dialog', () => {
    expect(actionChange(stateOf('x|'), { kind: 'media' })).toBeNull();
  });

  it('a plugin insert goes on a line of its own', () => {
    const state = stateOf('Network:|');
    const change = actionChange(state, { kind: 'insert', text: '{{toolbox>iphelper}}' })!;
    expect(state.update(change).state.doc.toString()).toBe('Network:\n\n{{toolbox>iphelper}}\n');
  });
});

describe('mediaMarkup', () => {
  it.each([
    ['team:diagram.png', {}, '{{team:diagram.png}}'],
    ['team:diagram.png', { width: 200, alt: 'The plan' }, '{{team:diagram.png?200|The plan}}'],
    ['team:report.pdf', { width: null, alt: '' }, '{{team:report.pdf}}'],
    ['logo.png', {}, '{{:logo.png}}'],
    ['a:b.png', { alt: 'with | bar and }} braces' }, '{{a:b.png|with   bar and    braces}}'],
  ])('%s %j → %s', (id, options, expected) => {
    expect(mediaMarkup(id, options)).toBe(expected);
  });
});
