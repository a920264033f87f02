// The toolbar the server drew (views/partials/editor-toolbar.eta, from src/editor/toolbar.ts): its
// buttons run their action on the editor, their shortcuts become editor keys, and the arrow keys
// move between them as in any ARIA toolbar (one Tab stop for the whole bar).
import { Prec, type Extension } from '@codemirror/state';
import { keymap, type KeyBinding } from '@codemirror/view';
import type { ToolbarAction } from '../../src/editor/toolbar.js';

export interface ToolbarButton {
  element: HTMLButtonElement;
  action: ToolbarAction;
  shortcut: string | null;
}

const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

function parseAction(raw: string | undefined): ToolbarAction | null {
  try {
    const action = JSON.parse(raw ?? '') as ToolbarAction;
    return typeof action?.kind === 'string' ? action : null;
  } catch {
    return null;
  }
}

/** The buttons of the toolbar with their actions; shown, with ⌘ in tooltips on a Mac. */
export function toolbarButtons(toolbar: HTMLElement): ToolbarButton[] {
  const buttons: ToolbarButton[] = [];
  for (const element of toolbar.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    const action = parseAction(element.dataset.action);
    if (!action) continue;
    if (isMac() && element.title) element.title = element.title.replace(/Ctrl\+/g, '⌘');
    buttons.push({ element, action, shortcut: element.dataset.shortcut || null });
  }
  return buttons;
}

/** Roving focus: Tab reaches the bar once, the arrows, Home and End move along it. */
export function rovingFocus(toolbar: HTMLElement): void {
  const items = () => [...toolbar.querySelectorAll<HTMLButtonElement>('button:not([hidden])')];
  const focusOn = (target: HTMLButtonElement) => {
    for (const item of items()) item.tabIndex = item === target ? 0 : -1;
    target.focus();
  };
  const first = items()[0];
  for (const item of items()) item.tabIndex = item === first ? 0 : -1;
  toolbar.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusOn(all[(next + all.length) % all.length]!);
  });
  toolbar.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLButtonElement) for (const item of items()) item.tabIndex = item === event.target ? 0 : -1;
  });
}

/** The buttons' shortcuts as editor keys, before CodeMirror's own (its Mod-i selects the syntax node). */
export function toolbarKeys(buttons: readonly ToolbarButton[], run: (action: ToolbarAction) => void): Extension {
  const bindings: KeyBinding[] = buttons
    .filter((button) => button.shortcut !== null)
    .map((button) => ({
      key: button.shortcut!,
      preventDefault: true,
      run: () => {
        run(button.action);
        return true;
      },
    }));
  return Prec.highest(keymap.of(bindings));
}
