// The editor's toolbar as data (SPEC §12), as DokuWiki's toolbar.php: each button is one entry —
// its name, label, icon, shortcut and what it does to the text — drawn by the server as HTML and
// brought to life by the editor script (client/editor/). Plugins add entries with their `toolbar`
// hook (src/plugins/plugin.ts); theirs follow Quire's own.
import type { MessageKey, Translate } from '../i18n/index.js';
import { ICONS } from './icons.js';

/** What a button does to the text; the editor script carries it out. */
export type ToolbarAction =
  /** `before` and `after` around the selection, or around the cursor when nothing is selected. */
  | { kind: 'wrap'; before: string; after: string }
  /**
   * `prefix` at the start of every selected line, or taken away when all of them have it already;
   * a prefix starting with `#` replaces a heading's own marks, `1. ` counts the lines.
   */
  | { kind: 'lines'; prefix: string }
  /** `before` and `after` around the selection on lines of their own (a fenced code block). */
  | { kind: 'block'; before: string; after: string }
  /** `text` on lines of its own at the cursor (a table, a rule, a `{{toolbox>NAME}}` widget). */
  | { kind: 'insert'; text: string }
  /** The selection becomes the label of a `[[link]]` whose target is asked for with `[[` completion. */
  | { kind: 'link' }
  /** Opens the media dialog, which inserts `{{ns:file}}`. */
  | { kind: 'media' };

/** The kinds a plugin may use: link and media are the editor's own. */
export type PluginToolbarAction = Extract<ToolbarAction, { kind: 'wrap' | 'lines' | 'block' | 'insert' }>;

export interface ToolbarEntry<L = string, A extends ToolbarAction = ToolbarAction> {
  /** `[a-z][a-z0-9-]*`, unique in the toolbar: the button's `data-tool`. */
  name: string;
  /** The button's accessible name (a catalogue key for Quire's own entries). */
  label: L;
  /** SVG path data on a 24×24 grid, drawn as a 2-unit stroke in the text colour. */
  icon: string;
  /** A CodeMirror key name (`Mod-b`: Ctrl+B, or Cmd+B on a Mac). */
  shortcut?: string;
  action: A;
}

/** A plugin's entry: its label is already in the reader's language (the plugin's own strings). */
export type PluginToolbarEntry = ToolbarEntry<string, PluginToolbarAction>;

const NAME = /^[a-z][a-z0-9-]*$/;

const TABLE = '|  |  |\n| --- | --- |\n|  |  |';

/** Quire's own buttons, in toolbar order: the names of SPEC §12. */
export const QUIRE_TOOLBAR: readonly ToolbarEntry<MessageKey>[] = [
  { name: 'bold', label: 'toolbar.bold', icon: ICONS.bold, shortcut: 'Mod-b', action: { kind: 'wrap', before: '**', after: '**' } },
  { name: 'italic', label: 'toolbar.italic', icon: ICONS.italic, shortcut: 'Mod-i', action: { kind: 'wrap', before: '*', after: '*' } },
  { name: 'strike', label: 'toolbar.strike', icon: ICONS.strike, action: { kind: 'wrap', before: '~~', after: '~~' } },
  { name: 'heading', label: 'toolbar.heading', icon: ICONS.heading, action: { kind: 'lines', prefix: '## ' } },
  { name: 'link', label: 'toolbar.link', icon: ICONS.link, shortcut: 'Mod-k', action: { kind: 'link' } },
  { name: 'media', label: 'toolbar.media', icon: ICONS.media, action: { kind: 'media' } },
  { name: 'code', label: 'toolbar.code', icon: ICONS.code, action: { kind: 'wrap', before: '`', after: '`' } },
  { name: 'codeblock', label: 'toolbar.codeBlock', icon: ICONS.codeBlock, action: { kind: 'block', before: '```', after: '```' } },
  { name: 'quote', label: 'toolbar.quote', icon: ICONS.quote, action: { kind: 'lines', prefix: '> ' } },
  { name: 'ul', label: 'toolbar.bulletList', icon: ICONS.bulletList, action: { kind: 'lines', prefix: '- ' } },
  { name: 'ol', label: 'toolbar.numberedList', icon: ICONS.numberedList, action: { kind: 'lines', prefix: '1. ' } },
  { name: 'table', label: 'toolbar.table', icon: ICONS.table, action: { kind: 'insert', text: TABLE } },
  { name: 'footnote', label: 'toolbar.footnote', icon: ICONS.footnote, action: { kind: 'wrap', before: '^[', after: ']' } },
  { name: 'hr', label: 'toolbar.rule', icon: ICONS.rule, action: { kind: 'insert', text: '---' } },
];

/** A button as the toolbar partial draws it. */
export interface ToolbarButton {
  name: string;
  label: string;
  /** The tooltip: the label and, when there is one, the shortcut (`Bold (Ctrl+B)`). */
  title: string;
  icon: string;
  shortcut: string;
  /** The action as JSON, for the button's `data-action`. */
  action: string;
}

/** `Mod-Shift-p` as people read it on a PC: `Ctrl+Shift+P` (the script says ⌘ on a Mac). */
export function shortcutLabel(shortcut: string): string {
  return shortcut
    .split('-')
    .map((part) => (part === 'Mod' ? 'Ctrl' : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}

function buttonOf(entry: ToolbarEntry): ToolbarButton {
  const shortcut = entry.shortcut ?? '';
  return {
    name: entry.name,
    label: entry.label,
    title: shortcut === '' ? entry.label : `${entry.label} (${shortcutLabel(shortcut)})`,
    icon: entry.icon,
    shortcut,
    action: JSON.stringify(entry.action),
  };
}

/**
 * The toolbar for one editor: Quire's buttons in the reader's language, then the plugins'. A
 * plugin entry whose name is taken already (or is not a name) is left out, so a button never changes meaning.
 */
export function toolbarButtons(t: Translate, pluginEntries: readonly PluginToolbarEntry[]): ToolbarButton[] {
  const buttons = QUIRE_TOOLBAR.map((entry) => buttonOf({ ...entry, label: t(entry.label) }));
  const names = new Set(buttons.map((button) => button.name));
  for (const entry of pluginEntries) {
    if (!NAME.test(entry.name) || names.has(entry.name)) continue;
    names.add(entry.name);
    buttons.push(buttonOf(entry));
  }
  return buttons;
}
