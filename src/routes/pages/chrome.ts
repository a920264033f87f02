// The parts of the layout around a page: page tools, "you are here", footer, meta tags.
import { Level } from '../../access/acl.js';
import type { Locale } from '../../i18n/index.js';
import { idToPath, nameOf, parentsOf } from '../../pages/page-id.js';
import type { PageMeta } from '../../pages/store.js';
import type { ToolItem } from '../../web/plugin-chrome.js';
import type { Viewer } from '../../access/access.js';
import type { Notifications } from '../../notifications/notifications.js';
import { covers } from '../../notifications/subscriptions.js';

export interface Crumb {
  label: string;
  href: string;
}

export interface PageChrome {
  pageId: string;
  pagePath: string;
  /** The current revision of the page; null when it does not exist. */
  pageRev: number | null;
  pageTools: ToolItem[];
  youAreHere: Crumb[];
  footer: { path: string; modified: string | null; author: string | null } | null;
}

/** Who to credit in the footer and lists: the login, else the IP of an anonymous edit, else "(external edit)". */
export function authorLabel(locale: Locale, change: { author: string | null; ip: string | null }): string {
  return change.author ?? change.ip ?? locale.t('site.footer.externalEdit');
}

/** The subscriptions tool of a logged-in reader when mail is on: subscribe, or manage what covers the page. */
export function subscribeTool(notifications: Notifications | undefined, viewer: Viewer, id: string): 'subscribe' | 'manage' | null {
  if (!notifications?.mail || viewer.login === null) return null;
  return notifications.subscriptions.ofUser(viewer.login).some((subscription) => covers(subscription.target, id)) ? 'manage' : 'subscribe';
}

export function pageChrome(options: {
  id: string;
  meta: PageMeta | undefined;
  permission: number;
  locale: Locale;
  current: string;
  startPage: string;
  hasHistory: boolean;
  /** The subscriptions tool for a logged-in reader when mail is on: to subscribe, or to manage. */
  subscribe?: 'subscribe' | 'manage' | null;
}): PageChrome {
  const { id, meta, permission, locale, current } = options;
  const t = locale.t;
  const path = idToPath(id);
  const tools: ToolItem[] = [];
  if (meta) {
    tools.push(
      permission >= Level.EDIT
        ? { name: 'edit', href: `${path}?do=edit`, label: t('tools.edit'), accesskey: 'e' }
        : { name: 'source', href: `${path}?do=source`, label: t('tools.source'), accesskey: 'e' },
    );
  } else if (permission >= Level.CREATE) {
    tools.push({ name: 'create', href: `${path}?do=edit`, label: t('tools.create'), accesskey: 'e' });
  }
  if (meta || options.hasHistory) tools.push({ name: 'revisions', href: `${path}?do=revisions`, label: t('tools.revisions') });
  tools.push({ name: 'backlink', href: `${path}?do=backlink`, label: t('tools.backlinks') });
  if (options.subscribe) {
    tools.push({ name: 'subscribe', href: `${path}?do=subscribe`, label: t(options.subscribe === 'manage' ? 'subscribe.manageTool' : 'subscribe.tool') });
  }
  if (meta && permission >= Level.EDIT) {
    tools.push({ name: 'rename', href: `${path}?do=rename`, label: t('rename.tool') });
    tools.push({ name: 'delete', href: `${path}?do=delete`, label: t('tools.delete') });
  }
  tools.push({ name: 'top', href: '#top', label: t('tools.top') });
  for (const tool of tools) tool.current = tool.name === current;

  const youAreHere: Crumb[] = [{ label: t('site.home'), href: '/' }];
  for (const ns of parentsOf(id)) youAreHere.push({ label: nameOf(ns), href: `${idToPath(ns)}/` });
  if (id !== options.startPage) youAreHere.push({ label: nameOf(id), href: path });

  return {
    pageId: id,
    pagePath: path,
    pageRev: meta?.rev ?? null,
    pageTools: tools,
    youAreHere,
    footer: meta
      ? { path: id, modified: locale.date(meta.modified), author: authorLabel(locale, meta) }
      : null,
  };
}
