// Namespace templates (SPEC §12): which template a new page starts from, and DokuWiki's
// placeholders replaced in it as its parsePageTemplate does.
import { describe, expect, it } from 'vitest';
import { idOfPath } from '../../src/dokuwiki/source.js';
import { fillTemplate, nearestTemplate, templateCandidates, type TemplateFacts } from '../../src/pages/templates.js';

describe('nearestTemplate', () => {
  it.each([
    ['team:meetings:2025-06-01', ['team:meetings:template', 'team:template', 'template']],
    ['team:page', ['team:template', 'template']],
    ['page', ['template']],
  ])('%s looks in %j, nearest first', (id, candidates) => {
    expect(templateCandidates(id)).toEqual(candidates);
  });

  it.each([
    ['the namespace has one', 'team:meetings:x', ['team:meetings:template', 'team:template'], 'team:meetings:template'],
    ['a parent namespace has one', 'team:meetings:x', ['team:template', 'template'], 'team:template'],
    ['the root has one', 'team:meetings:x', ['template'], 'template'],
    ['none anywhere', 'team:meetings:x', ['other:template'], null],
    ['a sibling namespace does not count', 'team:meetings:x', ['team:other:template'], null],
    ['a template page starts empty', 'team:meetings:template', ['team:template'], null],
  ])('%s', (_name, id, existing, expected) => {
    expect(nearestTemplate(id, (candidate) => existing.includes(candidate))).toBe(expected);
  });
});

describe("DokuWiki's template files", () => {
  it.each([
    ['team/meetings/_template.txt', 'team:meetings:template'],
    ['team/__template.txt', 'team:template'],
    ['_template.txt', 'template'],
  ])('%s imports as the template page %s', (file, id) => {
    expect(idOfPath(file, '.txt')).toBe(id);
  });
});

describe('fillTemplate', () => {
  const facts: TemplateFacts = {
    pageId: 'team:weekly_meetings:2025_06_01_kick-off',
    login: 'marie',
    name: 'Marie Curie',
    mail: 'marie@example.org',
    now: new Date(2025, 5, 1, 9, 5, 7),
    lang: 'en',
  };

  it.each([
    ['@ID@', 'team:weekly_meetings:2025_06_01_kick-off'],
    ['@NS@', 'team:weekly_meetings'],
    ['@CURNS@', 'weekly_meetings'],
    ['@!CURNS@', 'Weekly_meetings'],
    ['@!CURNS!@', 'WEEKLY_MEETINGS'],
    ['@FILE@', '2025_06_01_kick-off'],
    ['@!FILE@', '2025_06_01_kick-off'],
    ['@PAGE@', '2025 06 01 kick-off'],
    ['@USER@', 'marie'],
    ['@NAME@', 'Marie Curie'],
    ['@MAIL@', 'marie@example.org'],
    ['@DATE@', '2025/06/01 09:05'],
    ['%Y-%m-%d %H:%M:%S', '2025-06-01 09:05:07'],
    ['%e %B %Y, %A', ' 1 June 2025, Sunday'],
    ['100%% sure, 50% off', '100% sure, 50% off'],
    ['@UNKNOWN@ stays', '@UNKNOWN@ stays'],
    ['# @!PAGE@ (@NS@)\n\nBy @NAME@ on @DATE@.\n', '# 2025 06 01 kick-off (team:weekly_meetings)\n\nBy Marie Curie on 2025/06/01 09:05.\n'],
  ])('%j → %j', (template, expected) => {
    expect(fillTemplate(template, facts)).toBe(expected);
  });

  it('capitalises words and the whole name', () => {
    const meeting = { ...facts, pageId: 'notes:weekly_review' };
    expect(fillTemplate('@!PAGE@|@!!PAGE@|@!PAGE!@|@!!CURNS@', meeting)).toBe('Weekly review|Weekly Review|WEEKLY REVIEW|Notes');
  });

  it('a page in the root has no namespace, an anonymous creator no name', () => {
    expect(fillTemplate('[@NS@][@CURNS@][@USER@][@NAME@]', { ...facts, pageId: 'start', login: '', name: '', mail: '' })).toBe('[][][][]');
  });

  it('never reads a replaced value again: a name holding % or @ stays as written', () => {
    expect(fillTemplate('@NAME@', { ...facts, name: '100% @ID@' })).toBe('100% @ID@');
  });

  it('writes month names in the creator’s language', () => {
    expect(fillTemplate('%B', { ...facts, lang: 'fr' })).toBe('juin');
  });
});
