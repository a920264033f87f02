// The live preview (SPEC §12): the server renders the text with the page renderer (`POST ?do=preview`,
// JSON) shortly after typing stops, into a panel beside the text (below it on a phone) that can be
// shown or hidden — remembered in this browser — and whose scroll follows the cursor's section.
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState, Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { PreviewReply } from '../../src/editor/wire.js';
import { requestJson } from './http.js';
import type { Say } from './messages.js';
import { isHeadingNode } from './syntax.js';

const STORAGE_KEY = 'quire:live-preview';
/** Quiet time after the last keystroke: the answer comes well within a second of typing stopping. */
const DEBOUNCE_MS = 300;

export interface PreviewOptions {
  form: HTMLFormElement;
  /** The panel (`aria-label` "Live preview") and the element its HTML goes in. */
  panel: HTMLElement;
  body: HTMLElement;
  toggle: HTMLButtonElement | null;
  /** The editor's text and the form's fields, in step. */
  fields: () => URLSearchParams;
  say: Say;
}

export interface LivePreview {
  extension: Extension;
  setView(view: EditorView): void;
  toggle(): void;
}

function remembered(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

function remember(shown: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, shown ? 'on' : 'off');
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

/** How many headings start before the end of the cursor's line: the cursor is in the section of the last of them. */
function headingsUpTo(state: EditorState): number {
  const end = state.doc.lineAt(state.selection.main.head).to;
  const tree = ensureSyntaxTree(state, end, 50) ?? syntaxTree(state);
  let count = 0;
  tree.iterate({
    to: end,
    enter: (node) => {
      if (node.from > end) return false;
      if (isHeadingNode(node.name)) {
        count++;
        return false;
      }
      return node.name === 'Document' || node.name === 'Blockquote' || node.name.endsWith('List') || node.name === 'ListItem';
    },
  });
  return count;
}

export function livePreview(options: PreviewOptions): LivePreview {
  const { form, panel, body, toggle, say } = options;
  const url = form.dataset.previewUrl;
  let view: EditorView | null = null;
  let shown = remembered();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | null = null;
  let rendered: string | null = null;
  let followed = -1;
  const problem = document.createElement('p');
  problem.className = 'live-preview__problem';
  problem.setAttribute('role', 'status');

  function follow(force: boolean): void {
    if (!shown || !view) return;
    const index = headingsUpTo(view.state);
    if (index === followed && !force) return;
    followed = index;
    const headings = [...body.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')].filter((heading) => !heading.closest('.widget'));
    const target = index === 0 ? null : headings[Math.min(index, headings.length) - 1];
    panel.scrollTop = target ? panel.scrollTop + target.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8 : 0;
  }

  async function refresh(): Promise<void> {
    if (!shown || !url || !view) return;
    const text = view.state.doc.toString();
    if (text === rendered) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    try {
      const reply = await requestJson<PreviewReply>(url, { method: 'POST', body: options.fields(), signal: controller.signal });
      if (controller.signal.aborted) return;
      if (!reply.ok) {
        problem.textContent = say('editor.previewFailed', { message: reply.message ?? String(reply.status) });
        panel.prepend(problem);
        return;
      }
      problem.remove();
      rendered = text;
      body.innerHTML = reply.value.html;
      follow(true);
    } catch (error) {
      if (controller.signal.aborted) return;
      problem.textContent = say('editor.previewOffline');
      panel.prepend(problem);
      void error;
    }
  }

  function show(on: boolean): void {
    shown = on;
    panel.hidden = !on;
    form.classList.toggle('editor--preview', on);
    toggle?.setAttribute('aria-pressed', String(on));
    if (on) {
      rendered = null;
      void refresh();
    }
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', () => {
      show(!shown);
      remember(shown);
    });
  }

  return {
    extension: EditorView.updateListener.of((update) => {
      if (update.docChanged) {
        clearTimeout(timer);
        timer = setTimeout(() => void refresh(), DEBOUNCE_MS);
      } else if (update.selectionSet) {
        follow(false);
      }
    }),
    setView(editorView) {
      view = editorView;
      show(shown);
    },
    toggle() {
      show(!shown);
      remember(shown);
    },
  };
}
