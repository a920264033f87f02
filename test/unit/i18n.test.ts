// Every language has every string (SPEC §4: English and French): the same keys in both
// catalogues, nothing left empty, the same placeholders, and every key a view asks for exists.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { localeFor, type MessageKey } from '../../src/i18n/index.js';

const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));

const catalogues: Record<string, Record<string, string>> = { en, fr };
const enKeys = Object.keys(en).sort();

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** views/*.eta and views/*\/*.eta, relative to views/. */
function viewFiles(): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(VIEWS, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.eta')) files.push(entry.name);
    if (!entry.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(VIEWS, entry.name))) {
      if (name.endsWith('.eta')) files.push(`${entry.name}/${name}`);
    }
  }
  return files.sort();
}

/** Keys given to t() as a whole string literal: `it.t('a.b')` or `it.t('a.b', {…})`. */
function keysUsedIn(file: string): string[] {
  const source = fs.readFileSync(path.join(VIEWS, file), 'utf8');
  return [...source.matchAll(/\bt\(\s*(['"])([^'"]+)\1\s*[,)]/g)].map((match) => match[2] ?? '');
}

const usedKeys = viewFiles().flatMap((file) => [...new Set(keysUsedIn(file))].map((key) => ({ file, key })));

describe('catalogues', () => {
  it.each(Object.keys(catalogues))('%s has exactly the English keys', (lang) => {
    expect(Object.keys(catalogues[lang] ?? {}).sort()).toEqual(enKeys);
  });

  it.each(Object.keys(catalogues).flatMap((lang) => enKeys.map((key) => ({ lang, key }))))(
    '$lang: $key is not empty',
    ({ lang, key }) => {
      const message = catalogues[lang]?.[key];
      expect(typeof message).toBe('string');
      expect(message?.trim()).not.toBe('');
    },
  );

  it.each(enKeys.filter((key) => placeholders(en[key as MessageKey]).length > 0))(
    '%s: every placeholder of the English text is in the French one',
    (key) => {
      const french = new Set(placeholders(fr[key as MessageKey]));
      for (const name of placeholders(en[key as MessageKey])) expect(french, `{${name}}`).toContain(name);
    },
  );

  it.each(['en', 'fr'] as const)('%s fills placeholders and keeps unknown ones', (lang) => {
    const { t } = localeFor(lang);
    const filled = t('site.footer.lastModified', { date: 'DATE', author: 'AUTHOR' });
    expect(filled).toContain('DATE');
    expect(filled).toContain('AUTHOR');
    expect(filled).not.toMatch(/\{\w+\}/);
    expect(t('site.footer.lastModified')).toContain('{date}');
  });
});

describe('views', () => {
  it('finds the views and the keys they use', () => {
    expect(viewFiles()).toContain('layouts/main.eta');
    expect(usedKeys.length).toBeGreaterThan(50);
  });

  it.each(usedKeys)('$file: $key is in the catalogue', ({ key }) => {
    expect(enKeys).toContain(key);
  });
});
