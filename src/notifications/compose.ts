// The mails of the notifications, composed when they are sent (SPEC §14): in the recipient's
// language, as plain text and as HTML drawn by the mail templates (views/mail/, escaped like every
// screen; diffs come from the diff module, never raw page HTML), and only about what the recipient
// may read at that moment. A mail that has nothing left to say is skipped, with the reason.
import type { Eta } from 'eta';
import { viewerOf, type Access } from '../access/access.js';
import { Level } from '../access/acl.js';
import type { User, UserStore } from '../accounts/users.js';
import type { RecentChanges } from '../finding/recent.js';
import { localeFor, type Locale } from '../i18n/index.js';
import { diffTexts, type DiffResult, type InlineRow } from '../pages/diff.js';
import { diffAsText } from '../pages/diff-text.js';
import { idToPath } from '../pages/page-id.js';
import type { PageStore, Revision } from '../pages/store.js';
import type { SettingsStore } from '../site/settings.js';
import type { ChangeMailPayload, PeriodMailPayload } from './changes.js';
import type { Mail } from './mailer.js';
import { covers, isNamespaceTarget, namespaceOfTarget, WHOLE_WIKI, type Subscription, type SubscriptionStore } from './subscriptions.js';
import { unsubscribeUrl } from './unsubscribe.js';

/** Rows of a diff shown in a mail; the rest is behind the link. */
const MAIL_DIFF_ROWS = 200;
/** Revisions listed in one digest, pages in one list. */
const MAIL_LIST_MAX = 100;

export type Composed = { mail: Mail } | { skip: string };

/** What an account mail (password reset, address confirmation) says. */
export interface AccountMailPayload {
  login: string;
  token: string;
}

export interface ComposeDeps {
  users: UserStore;
  access: Access;
  pages: PageStore;
  recent: RecentChanges;
  subscriptions: SubscriptionStore;
  settings: SettingsStore;
  eta: Eta;
  baseUrl: string;
}

interface Recipient {
  user: User;
  locale: Locale;
  canRead: (id: string) => boolean;
}

interface MailText {
  subject: string;
  /** Paragraphs of the plain-text body, before the diff and the footer. */
  lines: string[];
}

export function createComposer(deps: ComposeDeps) {
  const { users, access, pages, subscriptions, settings, eta, baseUrl } = deps;
  const url = (id: string, query = '') => `${baseUrl}${idToPath(id)}${query}`;

  function recipientOf(login: string): Recipient | string {
    const user = users.get(login);
    if (!user) return 'the user no longer exists';
    if (user.disabled) return 'the user is disabled';
    if (user.email === '') return 'the user has no e-mail address';
    const viewer = viewerOf(user);
    return { user, locale: localeFor(user.lang ?? settings.site().lang), canRead: (id) => access.level(viewer, id) >= Level.READ };
  }

  const authorOf = (locale: Locale, revision: Pick<Revision, 'author' | 'ip'>) => revision.author ?? revision.ip ?? locale.t('site.footer.externalEdit');

  function targetLabel(locale: Locale, target: string): string {
    if (target === WHOLE_WIKI) return locale.t('mail.wholeWiki');
    return isNamespaceTarget(target) ? `${namespaceOfTarget(target)}:` : target;
  }

  /** The diff to show in a mail: the first rows, and whether some were left out. */
  function shortDiff(result: DiffResult): { rows: InlineRow[]; text: string; cut: boolean } {
    const cut = result.inline.length > MAIL_DIFF_ROWS;
    const shown: DiffResult = cut ? { ...result, inline: result.inline.slice(0, MAIL_DIFF_ROWS) } : result;
    return { rows: shown.inline, text: diffAsText(shown), cut };
  }

  function footer(recipient: Recipient, subscription: Subscription | null) {
    const t = recipient.locale.t;
    const site = settings.site().title;
    if (!subscription) return { lines: [t('mail.footer.auto', { site })], unsubscribe: null, data: { auto: t('mail.footer.auto', { site }), subscribed: null, unsubscribe: null, unsubscribeLabel: '', manage: null, manageLabel: '' } };
    const unsubscribe = unsubscribeUrl(baseUrl, settings.secret(), subscription);
    const subscribed = t('mail.footer.subscribed', { target: targetLabel(recipient.locale, subscription.target), style: t(`subscribe.style.${subscription.style}`) });
    const manage = `${baseUrl}/_/profile#subscriptions`;
    return {
      lines: [subscribed, `${t('mail.footer.unsubscribe')}: ${unsubscribe}`, `${t('mail.footer.manage')}: ${manage}`],
      unsubscribe,
      data: { auto: t('mail.footer.auto', { site }), subscribed, unsubscribe, unsubscribeLabel: t('mail.footer.unsubscribe'), manage, manageLabel: t('mail.footer.manage') },
    };
  }

  /** Puts a mail together: text parts and the HTML template `template` with `data`. */
  function assemble(recipient: Recipient, subscription: Subscription | null, text: MailText, template: string, data: Record<string, unknown>, diffText: string | null, delivery: string): Mail {
    const t = recipient.locale.t;
    const bottom = footer(recipient, subscription);
    const content = eta.render(template, { t, ...data });
    const html = eta.render('/mail/layout', { lang: recipient.locale.lang, title: text.subject, content, footer: bottom.data });
    const body = [...text.lines, ...(diffText ? ['', diffText] : []), '', '-- ', ...bottom.lines].join('\n');
    const headers: Record<string, string> = bottom.unsubscribe
      ? { 'List-Unsubscribe': `<${bottom.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {};
    return { to: { name: recipient.user.name || recipient.user.login, address: recipient.user.email }, subject: text.subject, text: `${body}\n`, html, delivery, headers };
  }

  /** The subscription a mail is about, if it still exists and still belongs to its user. */
  function liveSubscription(id: number): Subscription | string {
    const subscription = subscriptions.get(id);
    return subscription ?? 'the subscription was removed';
  }

  function changeMail(payload: ChangeMailPayload, delivery: string): Composed {
    const subscription = liveSubscription(payload.subscription);
    if (typeof subscription === 'string') return { skip: subscription };
    const recipient = recipientOf(subscription.login);
    if (typeof recipient === 'string') return { skip: recipient };
    // Nobody hears of a page they may not read now (nor of the old name of a renamed one).
    if (!recipient.canRead(payload.id) || (payload.from !== undefined && !recipient.canRead(payload.from))) return { skip: 'the subscriber may not read the page' };
    const { t, date } = recipient.locale;
    const revision = pages.revision(payload.id, payload.rev);
    const previous = payload.rev > 1 ? pages.revision(payload.id, payload.rev - 1) : undefined;
    const author = revision ? authorOf(recipient.locale, revision) : t('site.footer.externalEdit');
    const site = settings.site().title;
    const created = payload.event === 'saved' && revision?.type === 'create';
    const mode = payload.event === 'saved' ? (created ? 'created' : 'saved') : payload.event;
    const params = { site, id: payload.id, from: payload.from ?? '', author, date: revision ? date(revision.modified) : '' };
    const diff = revision ? shortDiff(diffTexts(previous?.text ?? '', revision.text)) : null;
    const diffUrl = url(payload.id, payload.rev > 1 ? `?do=diff&rev=${payload.rev - 1}&rev2=${payload.rev}` : `?rev=${payload.rev}`);
    const summary = revision?.summary ? t('mail.summary', { summary: revision.summary }) : t('mail.noSummary');
    const intro = t(`mail.change.intro.${mode}`, params);
    const text: MailText = {
      subject: t(`mail.change.subject.${mode}`, params),
      lines: [intro, summary, '', `${t('mail.showDiff')}: ${diffUrl}`, `${t('mail.showPage')}: ${url(payload.id)}`, ...(diff === null ? ['', t('mail.diffMissing')] : diff.cut ? ['', t('mail.diffCut')] : [])],
    };
    return {
      mail: assemble(recipient, subscription, text, '/mail/change', { intro, summary, diffUrl, pageUrl: url(payload.id), diff, diffLabel: t('mail.showDiff'), pageLabel: t('mail.showPage') }, diff?.text ?? null, delivery),
    };
  }

  /** The revisions of a page after `since` up to `until`, oldest first. */
  function revisionsBetween(id: string, since: number, until: number): Revision[] {
    const found: Revision[] = [];
    for (let offset = 0; ; offset += 50) {
      const batch = pages.revisions(id, offset, 50);
      for (const revision of batch) {
        if (revision.modified <= since) return found.reverse();
        if (revision.modified <= until) found.push(revision);
      }
      if (batch.length < 50) return found.reverse();
    }
  }

  /** Whether a subscriber hears of a revision: not their own, not minor unless they asked. */
  const newsFor = (subscription: Subscription) => (revision: { author: string | null; minor: boolean }) =>
    revision.author !== subscription.login && (subscription.minor || !revision.minor);

  function digestMail(payload: PeriodMailPayload, until: number, delivery: string): Composed {
    const subscription = liveSubscription(payload.subscription);
    if (typeof subscription === 'string') return { skip: subscription };
    const recipient = recipientOf(subscription.login);
    if (typeof recipient === 'string') return { skip: recipient };
    const id = payload.page ?? '';
    if (!covers(subscription.target, id)) return { skip: 'the page is no longer covered by the subscription' };
    if (!recipient.canRead(id)) return { skip: 'the subscriber may not read the page' };
    const all = revisionsBetween(id, payload.since, until);
    const news = all.filter(newsFor(subscription)).slice(-MAIL_LIST_MAX);
    if (news.length === 0) return { skip: 'nothing new for the subscriber' };
    const { t, date } = recipient.locale;
    const first = all[0] as Revision;
    const last = all[all.length - 1] as Revision;
    const before = first.rev > 1 ? pages.revision(id, first.rev - 1) : undefined;
    const after = pages.revision(id, last.rev);
    const diff = shortDiff(diffTexts(before?.text ?? '', after?.text ?? ''));
    const diffUrl = url(id, `?do=diff&rev=${first.rev - 1}&rev2=${last.rev}`);
    const site = settings.site().title;
    const intro = t('mail.digest.intro', { id, date: date(payload.since) });
    const rows = news.map((revision) => ({
      date: date(revision.modified),
      author: authorOf(recipient.locale, revision),
      type: t(`type.${revision.type}`),
      summary: revision.summary,
      href: url(id, revision.rev > 1 ? `?do=diff&rev=${revision.rev - 1}&rev2=${revision.rev}` : `?rev=${revision.rev}`),
    }));
    const text: MailText = {
      subject: t('mail.digest.subject', { site, id, count: news.length }),
      lines: [intro, '', ...rows.map((row) => `* ${row.date} — ${row.author} (${row.type})${row.summary ? `: ${row.summary}` : ''}\n  ${row.href}`), '', `${t('mail.showDiff')}: ${diffUrl}`, `${t('mail.showPage')}: ${url(id)}`, ...(diff.cut ? ['', t('mail.diffCut')] : [])],
    };
    return {
      mail: assemble(recipient, subscription, text, '/mail/digest', { intro, rows, diffUrl, pageUrl: url(id), diff, diffLabel: t('mail.showDiff'), pageLabel: t('mail.showPage') }, diff.text, delivery),
    };
  }

  function listMail(payload: PeriodMailPayload, until: number, delivery: string): Composed {
    const subscription = liveSubscription(payload.subscription);
    if (typeof subscription === 'string') return { skip: subscription };
    const recipient = recipientOf(subscription.login);
    if (typeof recipient === 'string') return { skip: recipient };
    const ns = namespaceOfTarget(subscription.target);
    const wanted = newsFor(subscription);
    // Only pages the subscriber may read now are named, each once, most recently changed first.
    const changes = deps.recent.list({ ns, since: payload.since + 1, includeMinor: subscription.minor, canRead: recipient.canRead, limit: 2000, offset: 0 });
    const changed = new Map<string, number>();
    for (const change of changes) {
      if (change.modified > until || !wanted(change) || changed.has(change.id)) continue;
      changed.set(change.id, change.modified);
    }
    if (changed.size === 0) return { skip: 'nothing new for the subscriber' };
    const { t, date } = recipient.locale;
    const site = settings.site().title;
    const where = targetLabel(recipient.locale, subscription.target);
    const intro = t('mail.list.intro', { ns: where, date: date(payload.since) });
    const rows = [...changed].slice(0, MAIL_LIST_MAX).map(([id, modified]) => ({ id, date: date(modified), href: url(id) }));
    const text: MailText = {
      subject: t('mail.list.subject', { site, ns: where }),
      lines: [intro, '', ...rows.map((row) => `* ${row.id} (${row.date})\n  ${row.href}`)],
    };
    return { mail: assemble(recipient, subscription, text, '/mail/list', { intro, rows }, null, delivery) };
  }

  function accountMail(kind: 'reset' | 'confirm', payload: AccountMailPayload, delivery: string): Composed {
    const user = users.get(payload.login);
    if (!user) return { skip: 'the user no longer exists' };
    if (user.email === '') return { skip: 'the user has no e-mail address' };
    if (kind === 'reset' && user.disabled) return { skip: 'the user is disabled' };
    const locale = localeFor(user.lang ?? settings.site().lang);
    const recipient: Recipient = { user, locale, canRead: () => false };
    const t = locale.t;
    const site = settings.site().title;
    const link = kind === 'reset' ? `${baseUrl}/_/login/reset?token=${payload.token}` : `${baseUrl}/_/register/confirm?token=${payload.token}`;
    const intro = t(`mail.${kind}.text`, { site, login: user.login });
    const after = kind === 'reset' ? t('mail.reset.ignore') : t('mail.confirm.ignore');
    const text: MailText = { subject: t(`mail.${kind}.subject`, { site }), lines: [intro, '', link, '', after] };
    return { mail: assemble(recipient, null, text, '/mail/account', { intro, link, linkLabel: t(`mail.${kind}.button`), after }, null, delivery) };
  }

  return {
    /** The mail of an outbox row of kind `kind`, claimed at `until` (the end of a digest's period). */
    compose(kind: string, payload: unknown, delivery: string, until: number): Composed {
      switch (kind) {
        case 'change':
          return changeMail(payload as ChangeMailPayload, delivery);
        case 'digest':
          return digestMail(payload as PeriodMailPayload, until, delivery);
        case 'list':
          return listMail(payload as PeriodMailPayload, until, delivery);
        case 'reset':
        case 'confirm':
          return accountMail(kind, payload as AccountMailPayload, delivery);
        default:
          return { skip: `unknown mail kind ${kind}` };
      }
    },
    /** The test mail an admin sends from the site settings. */
    testMail(user: User, delivery: string): Mail | null {
      if (user.email === '') return null;
      const locale = localeFor(user.lang ?? settings.site().lang);
      const site = settings.site().title;
      const intro = locale.t('mail.test.text', { site });
      const text: MailText = { subject: locale.t('mail.test.subject', { site }), lines: [intro] };
      return assemble({ user, locale, canRead: () => false }, null, text, '/mail/account', { intro, link: null, linkLabel: '', after: null }, null, delivery);
    },
  };
}

export type Composer = ReturnType<typeof createComposer>;
