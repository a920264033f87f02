// Who is at the editor and the screens around it: the lock holder and draft owner of a request,
// the editor itself (the form, its toolbar and the editor script), the 423 lock notice and the
// draft offer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Level } from '../../access/acl.js';
import { CSRF_COOKIE } from '../../web/csrf.js';
import { diffTexts, type DiffResult } from '../../pages/diff.js';
import type { Draft } from '../../pages/drafts.js';
import { userHolder, visitorHolder, type PageLock } from '../../pages/locks.js';
import { namespaceOf } from '../../pages/page-id.js';
import type { Page } from '../../pages/store.js';
import { ICONS } from '../../editor/icons.js';
import { toolbarButtons, shortcutLabel } from '../../editor/toolbar.js';
import { CLIENT_MESSAGES } from '../../editor/wire.js';
import type { Locale, MessageKey } from '../../i18n/index.js';
import { namespaceScope } from '../../media/media-id.js';
import type { ActionContext } from './dispatch.js';
import { chromeFor } from './view.js';

/** CodeMirror's own words the editor shows (search panel, completion list), by their English text. */
const EDITOR_PHRASES = ['Find', 'Replace', 'next', 'previous', 'all', 'match case', 'by word', 'regexp', 'replace', 'replace all', 'close', 'current match', 'on line', 'Go to line', 'go', 'Completions'] as const;

/** The strings the editor script writes itself, as JSON for the form's `data-messages`. */
function clientMessages(locale: Locale): string {
  return JSON.stringify(Object.fromEntries(CLIENT_MESSAGES.map((key) => [key, locale.t(key)])));
}

/** CodeMirror's phrases in the page's language, for `data-phrases` (English: CodeMirror's own). */
function editorPhrases(locale: Locale): string {
  if (locale.lang === 'en') return '{}';
  return JSON.stringify(Object.fromEntries(EDITOR_PHRASES.map((phrase) => [phrase, locale.t(`cm.${phrase}` as MessageKey)])));
}

export interface EditorIdentity {
  /** Lock holder and draft owner: the user, or the anonymous visitor's cookie (hashed). */
  holder: string;
  /** Who the 423 screen names: the login, or the IP of an anonymous editor as in revision lists. */
  label: string;
}

/**
 * The editor identity of a request. Anonymous editors are told apart by their visitor cookie (the
 * one their CSRF tokens are bound to, set here if they have none yet), not by IP alone: people
 * behind one NAT would share a lock, and a phone changing network would lose its own.
 */
export function editorOf(request: FastifyRequest, reply: FastifyReply): EditorIdentity {
  const login = request.viewer.login;
  if (login !== null) return { holder: userHolder(login), label: login };
  reply.csrfToken();
  const cookie = request.cookies[CSRF_COOKIE];
  if (!cookie) throw new Error('no visitor cookie after csrfToken()');
  return { holder: visitorHolder(cookie), label: request.ip };
}

/** The identity a request already has, without giving one: null for a visitor without a cookie. */
export function knownHolderOf(request: FastifyRequest): string | null {
  if (request.viewer.login !== null) return userHolder(request.viewer.login);
  const cookie = request.cookies[CSRF_COOKIE];
  return cookie ? visitorHolder(cookie) : null;
}

export interface ConflictState {
  /** The revision now current; null when the page was deleted meanwhile. */
  rev: number | null;
  currentText: string;
  /** current → the text in the editor (the user's, or the merge) */
  diff: DiffResult;
  /** Set when the edits were merged: who made the changes merged in. */
  mergedWith: string | null;
}

export interface EditorState {
  text: string;
  baseRev: number | null;
  summary?: string;
  minor?: boolean;
  oldRev?: number | null;
  preview?: unknown;
  conflict?: ConflictState | null;
  /** When the draft now in the editor was saved. */
  recovered?: string | null;
  /** Editing one section (`?do=edit&section=N`): its number and heading; the form saves it with `section`. */
  section?: { number: number; heading: string } | null;
}

export function showEditor(context: ActionContext, page: Page | undefined, state: EditorState) {
  const { request, id, deps } = context;
  const { locale } = request;
  const ns = namespaceOf(id);
  const toolbar = toolbarButtons(locale.t, deps.toolbarEntries(request, id));
  return context.reply.page('edit', {
    title: locale.t(page ? 'edit.title' : 'edit.createTitle', { id }),
    noindex: true,
    scripts: [deps.assets.url('editor.js')],
    summary: '',
    minor: false,
    oldRev: null,
    preview: null,
    conflict: null,
    recovered: null,
    section: null,
    ns,
    toolbar,
    previewShortcut: shortcutLabel('Mod-Shift-p'),
    previewIcon: ICONS.preview,
    canUpload: deps.access.level(request.viewer, namespaceScope(ns)) >= Level.UPLOAD,
    messages: clientMessages(locale),
    phrases: editorPhrases(locale),
    ...state,
    ...chromeFor(context, 'edit'),
  });
}

/** Who holds a lock as the screens name them (PageLock.label, or the 'locked' save outcome's holder). */
export interface LockShown {
  holder: string;
  expires: number;
}

export const lockShown = (lock: PageLock): LockShown => ({ holder: lock.label, expires: lock.expires });

/** 423: who holds the lock and until when, with a text read-only (the page's, or the user's own). */
export function showLocked(context: ActionContext, lock: LockShown, shown: { text: string; own: boolean }) {
  const { locale } = context.request;
  context.reply.status(423);
  return context.reply.page('locked', {
    title: locale.t('lock.title', { id: context.id }),
    noindex: true,
    holder: lock.holder,
    until: locale.date(lock.expires),
    mayBreak: context.permission >= Level.ADMIN,
    text: shown.text,
    own: shown.own,
    ...chromeFor(context, 'edit'),
  });
}

/** A draft of this user waits: recover it or discard it, seeing how it differs from the page. */
export function showDraftOffer(context: ActionContext, draft: Draft, page: Page | undefined) {
  const { locale } = context.request;
  return context.reply.page('draft', {
    title: locale.t('draft.title', { id: context.id }),
    noindex: true,
    saved: locale.date(draft.saved),
    pageChanged: (page?.rev ?? null) !== draft.baseRev,
    diff: diffTexts(page?.text ?? '', draft.text),
    ...chromeFor(context, 'edit'),
  });
}
