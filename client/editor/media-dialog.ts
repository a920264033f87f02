// The Media button's dialog (SPEC §12): the files of the page's namespace (`GET /_/media?ns=`, JSON)
// with thumbnails, a search field and an upload field; the chosen file goes into the text as
// `{{ns:file?WIDTH|ALT}}`. A modal <dialog>: the page behind is inert, Escape closes it.
import type { MediaFileEntry, MediaListing } from '../../src/editor/wire.js';
import { requestJson } from './http.js';
import { mediaMarkup } from './markup.js';
import type { Say } from './messages.js';
import type { Uploads } from './uploads.js';

export interface MediaDialogOptions {
  dialog: HTMLDialogElement;
  form: HTMLFormElement;
  say: Say;
  uploads: Uploads;
  /** Puts the markup at the editor's cursor and gives the editor the focus back. */
  insert(markup: string): void;
  /** Called when the dialog closes without inserting. */
  closed(): void;
}

export interface MediaDialog {
  open(): void;
}

function part<T extends Element>(root: ParentNode, name: string, type: new () => T): T {
  const element = root.querySelector(`[data-media-${name}]`);
  if (!(element instanceof type)) throw new Error(`the media dialog has no ${name}`);
  return element;
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function mediaDialog(options: MediaDialogOptions): MediaDialog {
  const { dialog, form, say, uploads } = options;
  const url = form.dataset.mediaUrl ?? '/_/media';
  const ns = form.dataset.ns ?? '';
  const search = part(dialog, 'search', HTMLInputElement);
  // Only those who may upload to the namespace get the field.
  const upload = dialog.querySelector<HTMLInputElement>('input[data-media-upload]');
  const status = part(dialog, 'status', HTMLElement);
  const list = part(dialog, 'files', HTMLUListElement);
  const uploadLog = part(dialog, 'log', HTMLUListElement);
  const width = part(dialog, 'width', HTMLInputElement);
  const alt = part(dialog, 'alt', HTMLInputElement);
  const insertButton = part(dialog, 'insert', HTMLButtonElement);
  const closeButton = part(dialog, 'close', HTMLButtonElement);
  let files: MediaFileEntry[] = [];
  let chosen: MediaFileEntry | null = null;
  let inserted = false;

  function choose(file: MediaFileEntry | null): void {
    chosen = file;
    for (const button of list.querySelectorAll<HTMLButtonElement>('button[data-id]')) {
      button.setAttribute('aria-pressed', String(button.dataset.id === file?.id));
    }
    insertButton.disabled = file === null;
    width.disabled = alt.disabled = !file?.image;
    if (file) status.textContent = say('mediaDialog.chosen', { id: file.id });
  }

  function fileButton(file: MediaFileEntry): HTMLLIElement {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'media-choice';
    button.dataset.id = file.id;
    button.setAttribute('aria-pressed', 'false');
    if (file.thumb) {
      const image = document.createElement('img');
      image.src = file.thumb;
      image.alt = '';
      image.loading = 'lazy';
      button.append(image);
    } else {
      const badge = document.createElement('span');
      badge.className = 'media-choice__type';
      badge.textContent = (file.name.split('.').pop() ?? '').toUpperCase();
      button.append(badge);
    }
    const name = document.createElement('span');
    name.className = 'media-choice__name';
    name.textContent = file.name;
    const size = document.createElement('span');
    size.className = 'media-choice__size';
    size.textContent = kib(file.size);
    button.append(name, size);
    button.addEventListener('click', () => choose(file));
    button.addEventListener('dblclick', () => {
      choose(file);
      insert();
    });
    item.append(button);
    return item;
  }

  function show(): void {
    const query = search.value.trim().toLowerCase();
    const shown = files.filter((file) => file.name.toLowerCase().includes(query));
    list.replaceChildren(...shown.map(fileButton));
    if (chosen && !shown.some((file) => file.id === chosen?.id)) choose(null);
    else choose(chosen);
    if (files.length === 0) status.textContent = say('mediaDialog.empty', { ns: ns === '' ? ':' : ns });
    else if (shown.length === 0) status.textContent = say('mediaDialog.noMatch');
    else if (!chosen) status.textContent = say('mediaDialog.files', { ns: ns === '' ? ':' : ns });
  }

  async function load(select: string | null = null): Promise<void> {
    status.textContent = say('mediaDialog.loading');
    try {
      const reply = await requestJson<MediaListing>(`${url}?ns=${encodeURIComponent(ns)}`);
      if (!reply.ok) {
        status.textContent = say('mediaDialog.failed');
        return;
      }
      files = reply.value.files;
      chosen = files.find((file) => file.id === select) ?? null;
      show();
    } catch {
      status.textContent = say('mediaDialog.failed');
    }
  }

  function insert(): void {
    if (!chosen) return;
    const pixels = Number(width.value);
    const markup = mediaMarkup(chosen.id, chosen.image ? { width: pixels > 0 ? Math.round(pixels) : null, alt: alt.value } : {});
    inserted = true;
    dialog.close();
    options.insert(markup);
  }

  search.addEventListener('input', show);
  insertButton.addEventListener('click', insert);
  closeButton.addEventListener('click', () => dialog.close());
  upload?.addEventListener('change', async () => {
    const picked = [...(upload.files ?? [])];
    upload.value = '';
    let last: string | null = null;
    for (const file of picked) {
      const reply = await uploads.send(file, uploadLog);
      if (reply.ok) last = reply.value.id;
    }
    if (last !== null) {
      search.value = '';
      await load(last);
    }
  });
  // A modal dialog keeps the page behind inert, but Tab may still leave for the browser's own
  // controls: from the last field it comes back to the first, and the other way round.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll<HTMLElement>('input, button, [tabindex]')].filter(
      (element) => !element.hasAttribute('disabled') && element.tabIndex >= 0 && element.offsetParent !== null,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener('close', () => {
    if (!inserted) options.closed();
  });

  return {
    open() {
      inserted = false;
      // A fresh start: a search left in the field would also take the first Escape to clear it.
      search.value = '';
      width.value = '';
      alt.value = '';
      uploadLog.replaceChildren();
      uploadLog.hidden = true;
      choose(null);
      dialog.showModal();
      search.focus();
      void load();
    },
  };
}
