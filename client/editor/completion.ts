// Links by name (SPEC §12): after `[[`, the pages the viewer may read whose id or title match what
// is typed, from `GET /_/suggest?q=`, in CodeMirror's keyboard-navigable completion list. Once an
// answer was complete (fewer pages than the server gives at most), typing further narrows it here
// without asking again, so the list never waits on the network while it shrinks.
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { SuggestReply } from '../../src/editor/wire.js';
import { requestJson } from './http.js';

/** The link target being typed: after `[[`, before any `|`, `#` or `]`. */
const TARGET_BEFORE = /\[\[[^[\]|#\n]*$/;
/** As many pages as /_/suggest gives at most (src/finding/suggest.ts). */
const SERVER_LIMIT = 20;

type Page = SuggestReply['pages'][number];

/** Folded as page ids are, roughly: case, accents and punctuation do not matter. */
const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}:]+/gu, '_');

/**
 * Puts the chosen id in place and closes the link unless it is closed (or labelled) already. A
 * page of the root is written `:id` from a page in a namespace, or it would be read as a sibling.
 */
function applyTarget(id: string, ns: string) {
  const target = id.includes(':') || ns === '' ? id : `:${id}`;
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const after = view.state.sliceDoc(to, to + 2);
    const closed = after === ']]' || after.startsWith('|') || after.startsWith('#');
    const insert = closed ? target : `${target}]]`;
    const cursor = from + target.length + (after === ']]' || !closed ? 2 : 0);
    view.dispatch({ changes: { from, to, insert }, selection: { anchor: cursor }, userEvent: 'input.complete' });
  };
}

export function pageCompletion(suggestUrl: string, ns: string): Extension {
  /** The last complete answer and the text it was for. */
  let complete: { query: string; pages: Page[] } | null = null;

  function result(from: number, pages: readonly Page[]): CompletionResult | null {
    if (pages.length === 0) return null;
    return {
      from,
      // The server matched ids and titles: its order stands.
      filter: false,
      options: pages.map((page) => ({ label: page.id, detail: page.title ?? undefined, type: 'text', apply: applyTarget(page.id, ns) })),
    };
  }

  async function pages(context: CompletionContext): Promise<CompletionResult | null> {
    const typed = context.matchBefore(TARGET_BEFORE);
    if (!typed) return null;
    const query = typed.text.slice(2);
    const from = typed.from + 2;
    if (complete && query.startsWith(complete.query)) {
      const wanted = fold(query);
      return result(from, complete.pages.filter((page) => fold(page.id).includes(wanted) || fold(page.title ?? '').includes(wanted)));
    }
    const controller = new AbortController();
    context.addEventListener('abort', () => controller.abort());
    try {
      const params = new URLSearchParams({ q: query, ns });
      const reply = await requestJson<SuggestReply>(`${suggestUrl}?${params}`, { signal: controller.signal });
      if (!reply.ok) return null;
      complete = reply.value.pages.length < SERVER_LIMIT ? { query, pages: reply.value.pages } : null;
      return result(from, reply.value.pages);
    } catch {
      return null;
    }
  }

  // No delay before Enter may accept: inside `[[…]]` Enter is for choosing, not for a new line.
  return autocompletion({ override: [pages], activateOnTyping: true, icons: false, interactionDelay: 0 });
}
