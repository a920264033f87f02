// Links by name (SPEC §12): after `[[`, the pages the viewer may read whose id or title match what
// is typed, from `GET /_/suggest?q=`, in CodeMirror's keyboard-navigable completion list.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { SuggestReply } from '../../src/editor/wire.js';
import { requestJson } from './http.js';

/** The link target being typed: after `[[`, before any `|`, `#` or `]`. */
const TARGET_BEFORE = /\[\[[^[\]|#\n]*$/;

/** Puts the chosen id in place and closes the link unless it is closed (or labelled) already. */
function applyTarget(id: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const after = view.state.sliceDoc(to, to + 2);
    const closed = after === ']]' || after.startsWith('|') || after.startsWith('#');
    const insert = closed ? id : `${id}]]`;
    const cursor = from + id.length + (after === ']]' || !closed ? 2 : 0);
    view.dispatch({ changes: { from, to, insert }, selection: { anchor: cursor }, userEvent: 'input.complete' });
  };
}

export function pageCompletion(suggestUrl: string): Extension {
  async function pages(context: CompletionContext): Promise<CompletionResult | null> {
    const typed = context.matchBefore(TARGET_BEFORE);
    if (!typed) return null;
    const query = typed.text.slice(2);
    const controller = new AbortController();
    context.addEventListener('abort', () => controller.abort());
    try {
      const reply = await requestJson<SuggestReply>(`${suggestUrl}?q=${encodeURIComponent(query)}`, { signal: controller.signal });
      if (!reply.ok || reply.value.pages.length === 0) return null;
      return {
        from: typed.from + 2,
        // The server matched ids and titles: its order stands, and every keystroke asks again.
        filter: false,
        options: reply.value.pages.map((page) => ({
          label: page.id,
          detail: page.title ?? undefined,
          type: 'text',
          apply: applyTarget(page.id),
        })),
      };
    } catch {
      return null;
    }
  }

  // No delay before Enter may accept: inside `[[…]]` Enter is for choosing, not for a new line.
  return autocompletion({ override: [pages], activateOnTyping: true, icons: false, interactionDelay: 0 });
}
