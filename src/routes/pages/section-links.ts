// Section edit links (SPEC §12, DokuWiki's secedit) in a page's HTML, for a viewer who may edit it:
// each heading that opens a section gets a link to `?do=edit&section=N` named "Edit section:
// HEADING". Added per response, never to the renderer's cached HTML nor to the anonymous page cache.
import type { Translate } from '../../i18n/index.js';
import type { SectionHeading } from '../../render/index.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/**
 * `html` with each section's heading wrapped together with its edit link. Headings are found by the
 * anchor the renderer gave them (unique in the page), so headings inside quotes are left alone.
 */
export function withSectionLinks(html: string, sections: readonly SectionHeading[], pagePath: string, t: Translate): string {
  let out = '';
  let from = 0;
  for (const section of sections) {
    const start = html.indexOf(`<h${section.level} id="${escapeHtml(section.anchor)}"`, from);
    const closing = `</h${section.level}>`;
    const close = start < 0 ? -1 : html.indexOf(closing, start);
    if (close < 0) continue;
    const end = close + closing.length;
    const href = `${pagePath}?do=edit&amp;section=${section.number}`;
    const label = escapeHtml(t('section.edit', { heading: section.text }));
    out += `${html.slice(from, start)}<div class="section-heading">${html.slice(start, end)}<a class="secedit" href="${href}" aria-label="${label}">${escapeHtml(t('section.editShort'))}</a></div>`;
    from = end;
  }
  return out + html.slice(from);
}
