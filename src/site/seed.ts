// A new wiki starts with a start page and wiki:syntax (from content/), written once.
import fs from 'node:fs';
import type { Editing } from '../pages/editing.js';
import type { SettingsStore } from './settings.js';

const CONTENT_DIR = new URL('../../content/', import.meta.url);
const SEEDED = 'seeded';

export const SEED_PAGES: ReadonlyArray<{ id: string; file: string; summary: string }> = [
  { id: 'start', file: 'start.md', summary: 'Welcome page' },
  { id: 'wiki:syntax', file: 'wiki-syntax.md', summary: 'Formatting syntax' },
];

export function seedContent(deps: { settings: SettingsStore; editing: Editing }): void {
  if (deps.settings.flag(SEEDED)) return;
  for (const seed of SEED_PAGES) {
    const text = fs.readFileSync(new URL(seed.file, CONTENT_DIR), 'utf8');
    deps.editing.save({ id: seed.id, text, baseRev: null, summary: seed.summary, minor: false, author: null, ip: null });
  }
  deps.settings.setFlag(SEEDED);
}
