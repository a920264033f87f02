// Files pasted or dropped into the editor (SPEC §12): each is uploaded to the page's namespace
// (`POST /_/media`, a free name picked when the name is taken), its progress and any error shown
// in a live region, and `{{ns:name}}` inserted where it was pasted or dropped — that place follows
// the edits made while the upload runs.
import { StateEffect, StateField, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { UploadReply } from '../../src/editor/wire.js';
import { uploadJson, type Reply } from './http.js';
import { mediaMarkup } from './markup.js';
import type { Say } from './messages.js';

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/avif': 'avif',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** `pasted-YYYYMMDD-HHMMSS.png`: what a picture from the clipboard (a screenshot) is called. */
export function pastedName(type: string, now = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `pasted-${stamp}.${EXTENSIONS[type] ?? 'png'}`;
}

// Places waiting for an upload's `{{…}}`, moved along by every change to the text.
const track = StateEffect.define<{ key: number; pos: number }>();
const untrack = StateEffect.define<number>();
const places = StateField.define<ReadonlyMap<number, number>>({
  create: () => new Map(),
  update(value, transaction) {
    let next: Map<number, number> | null = null;
    if (!transaction.changes.empty) {
      next = new Map([...value].map(([key, pos]) => [key, transaction.changes.mapPos(pos, 1)]));
    }
    for (const effect of transaction.effects) {
      if (effect.is(track)) (next ??= new Map(value)).set(effect.value.key, effect.value.pos);
      if (effect.is(untrack)) (next ??= new Map(value)).delete(effect.value);
    }
    return next ?? value;
  },
});

export interface UploadOptions {
  form: HTMLFormElement;
  /** Where progress and errors are shown: a list inside a live region. */
  log: HTMLElement;
  say: Say;
}

export interface Uploads {
  extension: Extension;
  /** Uploads `files` one after the other, each inserted at `pos` when done; resolves with their ids. */
  upload(view: EditorView, files: readonly File[], pos: number): Promise<string[]>;
  /** Uploads one file without inserting it (the media dialog's upload field), its progress shown in `logTo`. */
  send(file: File, logTo?: HTMLElement): Promise<Reply<UploadReply>>;
}

export function uploads({ form, log, say }: UploadOptions): Uploads {
  const url = form.dataset.mediaUrl ?? '/_/media';
  const ns = form.dataset.ns ?? '';
  let keys = 0;
  let queue: Promise<unknown> = Promise.resolve();

  function csrf(): string {
    const field = form.elements.namedItem('_csrf');
    return field instanceof HTMLInputElement ? field.value : '';
  }

  /** One line of the log for one file: a progress bar and its message. */
  function logLine(name: string, container: HTMLElement): HTMLElement {
    const line = document.createElement('li');
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', name);
    const text = document.createElement('span');
    text.textContent = say('editor.uploading', { name, percent: 0 });
    line.append(bar, text);
    container.append(line);
    container.hidden = false;
    return line;
  }

  function report(line: HTMLElement, message: string, failed: boolean): void {
    line.querySelector('progress')?.remove();
    line.classList.toggle('editor-uploads__error', failed);
    const text = line.querySelector('span');
    if (text) text.textContent = message;
  }

  async function send(file: File, logTo = log): Promise<Reply<UploadReply>> {
    const line = logLine(file.name, logTo);
    const body = new FormData();
    // Fields before the file: the server reads them before the bytes arrive.
    body.set('_csrf', csrf());
    body.set('ns', ns);
    body.set('rename', 'on');
    body.set('file', file, file.name);
    const bar = line.querySelector('progress');
    const text = line.querySelector('span');
    try {
      const reply = await uploadJson<UploadReply>(url, body, (percent) => {
        if (bar) bar.value = percent;
        // The bar moves; the words (read aloud) change only at the start and the end.
        if (text && percent === 100) text.textContent = say('editor.uploading', { name: file.name, percent });
      });
      if (reply.ok) report(line, say('editor.uploaded', { name: file.name, id: reply.value.id }), false);
      else report(line, say('editor.uploadFailed', { name: file.name, message: reply.message ?? String(reply.status) }), true);
      return reply;
    } catch {
      report(line, say('editor.uploadOffline', { name: file.name }), true);
      return { ok: false, status: 0, message: null, body: null };
    }
  }

  async function uploadOne(view: EditorView, file: File, key: number): Promise<string | null> {
    const reply = await send(file);
    const pos = view.state.field(places).get(key);
    view.dispatch({ effects: untrack.of(key) });
    if (!reply.ok || pos === undefined) return null;
    const markup = mediaMarkup(reply.value.id);
    // Next to other text, the reference gets spaces so it stays a word of its own.
    const spaced = (char: string) => (char === '' || /\s/.test(char) ? '' : ' ');
    // At the start of a line of text (a heading, say), it goes on a line of its own above it.
    const line = view.state.doc.lineAt(pos);
    const ownLine = pos === line.from && line.text.trim() !== '';
    const insert = ownLine ? `${markup}\n` : spaced(view.state.sliceDoc(pos - 1, pos)) + markup + spaced(view.state.sliceDoc(pos, pos + 1));
    view.dispatch({ changes: { from: pos, insert }, userEvent: 'input.paste' });
    return reply.value.id;
  }

  function upload(view: EditorView, files: readonly File[], pos: number): Promise<string[]> {
    const waiting = files.map((file) => {
      const key = ++keys;
      view.dispatch({ effects: track.of({ key, pos }) });
      return { file, key };
    });
    const done = queue.then(async () => {
      const ids: string[] = [];
      for (const { file, key } of waiting) {
        const id = await uploadOne(view, file, key);
        if (id !== null) ids.push(id);
      }
      return ids;
    });
    queue = done.catch(() => undefined);
    return done;
  }

  const filesOf = (data: DataTransfer | null): File[] => (data ? [...data.files] : []);

  const extension = [
    places,
    EditorView.domEventHandlers({
      paste(event, view) {
        const files = filesOf(event.clipboardData);
        if (files.length === 0) return false;
        event.preventDefault();
        // A picture from the clipboard (a screenshot) has a made-up name, image.png or none: it gets a dated one.
        const named = files.map((file) =>
          file.type.startsWith('image/') && /^(image\.\w+|blob)?$/.test(file.name) ? new File([file], pastedName(file.type), { type: file.type }) : file,
        );
        void upload(view, named, view.state.selection.main.head);
        return true;
      },
      drop(event, view) {
        const files = filesOf(event.dataTransfer);
        if (files.length === 0) return false;
        event.preventDefault();
        const pos = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
        void upload(view, files, pos);
        return true;
      },
    }),
  ];

  return { extension, upload, send };
}
