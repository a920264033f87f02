// wordcount: keeps the word count of every page (hooks on save, delete and rename), shows it as a
// page tool leading to the page's figures, and lists the longest pages from the site tools.
import { Level } from '../../access/acl.js';
import { notFound } from '../../errors.js';
import { cleanId, idToPath, pathToRawId } from '../../pages/page-id.js';
import { definePlugin } from '../define.js';
import { createAmounts } from './amounts.js';
import { createWordCounts } from './counts.js';
import { strings } from './strings.js';
import { countWords, readingMinutes } from './words.js';

export const wordcount = definePlugin({
  manifest: {
    name: 'wordcount',
    version: '1.0.0',
    description: 'Word count of every page, kept up to date by page hooks, in the page tools and a site list.',
  },
  strings,
  init: (host) => ({ counts: createWordCounts(host), amount: createAmounts(), host }),
  hooks: {
    saved: (event, { counts }) => counts.store.set(event.id, event.rev, countWords(event.text)),
    deleted: (event, { counts }) => counts.store.remove(event.id),
    renamed: (event, { counts }) => counts.store.move(event.from, event.to),
  },
  tools: {
    page({ pageId, rev, permission, state, t, locale }) {
      if (rev === null || permission < Level.READ) return [];
      const count = state.counts.atRevision(pageId, rev);
      if (!count) return [];
      return [{ name: 'wordcount', href: `/_/plugin/wordcount${idToPath(pageId)}`, label: state.amount(t, locale.lang, 'words', count.words) }];
    },
    site: ({ t }) => [{ name: 'wordcounts', href: '/_/plugin/wordcount/', label: t('siteTool') }],
  },
  async routes(app, { state, translate }) {
    const { counts, amount, host } = state;

    // Every readable page, longest first: the list reveals names, so each is checked.
    app.get('/', { config: { access: 'each-page' } }, async (request, reply) => {
      const t = translate(request.locale);
      const { lang } = request.locale;
      const found = host.pages
        .allIds()
        .filter((id) => host.access.level(request.viewer, id) >= Level.READ)
        .flatMap((id) => counts.current(id) ?? [])
        .sort((a, b) => b.words - a.words || a.pageId.localeCompare(b.pageId));
      const rows = found.map((count) => ({
        id: count.pageId,
        href: idToPath(count.pageId),
        words: amount(t, lang, 'words', count.words),
        minutes: amount(t, lang, 'minutes', readingMinutes(count.words)),
      }));
      const total = found.reduce((sum, count) => sum + count.words, 0);
      return reply.page('plugin-wordcount', { title: t('listTitle'), pt: t, rows, total: amount(t, lang, 'words', total), noindex: true });
    });

    // One page's figures; the permission is checked before the page is looked up, as on every page route.
    app.get<{ Params: { '*': string } }>('/*', { config: { access: { level: 'read', of: 'page' } } }, async (request, reply) => {
      const id = cleanId(pathToRawId(`/${request.params['*']}`) ?? '');
      if (id === '') throw notFound();
      request.authorize(id);
      const count = counts.current(id);
      if (!count) throw notFound();
      const t = translate(request.locale);
      const { lang } = request.locale;
      return reply.page('plugin-wordcount-page', {
        title: t('pageTitle', { id }),
        pt: t,
        id,
        href: idToPath(id),
        rev: count.rev,
        words: amount(t, lang, 'words', count.words),
        minutes: amount(t, lang, 'minutes', readingMinutes(count.words)),
        noindex: true,
      });
    });
  },
});
