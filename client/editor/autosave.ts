// Autosave of drafts and the edit lock (SPEC §6): the draft goes to the server every 30 s when the
// text changed and when the tab is hidden; while nothing changes, the lock is refreshed every
// minute so it does not expire under an open editor.
import { requestJson } from './http.js';
import type { Say } from './messages.js';

const DRAFT_EVERY = 30 * 1000;
const LOCK_EVERY = 60 * 1000;
// Browsers refuse keepalive bodies above 64 KiB; larger drafts go with a normal request.
const KEEPALIVE_MAX = 60_000;

interface DraftReply {
  saved?: boolean;
  at?: number;
  lockedBy?: string;
  holder?: string;
}

export interface AutosaveOptions {
  form: HTMLFormElement;
  /** The text as the form will send it (the editor keeps the textarea in step). */
  text: () => string;
  /** The text the server sent: anything else is worth a draft, typed before the script ran too. */
  initial: string;
  /** Shows a message in the editor's status line. */
  show: (message: string) => void;
  say: Say;
}

export function startAutosave({ form, text, initial, show, say }: AutosaveOptions): void {
  const draftUrl = form.dataset.draftUrl;
  const lockUrl = form.dataset.lockUrl;
  if (!draftUrl || !lockUrl) return;
  let sent = initial;
  let lastContact = Date.now();
  let leaving = false;

  const clock = (ms: number) =>
    new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined, { hour: '2-digit', minute: '2-digit' });

  async function post(url: string, body: URLSearchParams, keepalive: boolean) {
    lastContact = Date.now();
    return requestJson<DraftReply>(url, { method: 'POST', body, keepalive: keepalive && body.toString().length < KEEPALIVE_MAX });
  }

  function warnIfTaken(reply: DraftReply): boolean {
    const holder = reply.lockedBy ?? reply.holder;
    if (!holder) return false;
    show(say('lock.lost', { holder }));
    return true;
  }

  // The form's own fields, _csrf included, urlencoded like a normal submit.
  function saveDraft(keepalive: boolean): boolean {
    const value = text();
    if (leaving || value === sent) return false;
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    post(draftUrl!, body, keepalive)
      .then((reply) => {
        if (!reply.ok || !reply.value.saved) return show(say('draft.autosaveFailed'));
        sent = value;
        if (!warnIfTaken(reply.value)) show(say('draft.autosaved', { time: clock(reply.value.at ?? Date.now()) }));
      })
      .catch(() => show(say('draft.autosaveFailed')));
    return true;
  }

  function refreshLock(): void {
    const body = new URLSearchParams();
    const csrf = form.elements.namedItem('_csrf');
    if (csrf instanceof HTMLInputElement) body.set('_csrf', csrf.value);
    post(lockUrl!, body, false)
      // 423 names who took the lock.
      .then((reply) => warnIfTaken(reply.ok ? reply.value : ((reply.body ?? {}) as DraftReply)))
      .catch(() => undefined);
  }

  // Save, preview and cancel leave the editor: no draft may race the request they send.
  form.addEventListener('submit', () => {
    leaving = true;
  });
  window.addEventListener('pageshow', () => {
    leaving = false;
  });

  setInterval(() => {
    if (!saveDraft(false) && Date.now() - lastContact >= LOCK_EVERY - 1000) refreshLock();
  }, DRAFT_EVERY);

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') saveDraft(true);
  });
}
