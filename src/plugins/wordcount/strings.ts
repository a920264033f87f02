// wordcount's strings in English and French; the contract's type makes both have the same keys.
import type { PluginStrings } from '../plugin.js';

const en = {
  description: 'Counts the words of every page, kept up to date as pages are saved, renamed and deleted.',
  siteTool: 'Word counts',
  'words.one': '{count} word',
  'words.other': '{count} words',
  'minutes.one': 'about {count} minute',
  'minutes.other': 'about {count} minutes',
  listTitle: 'Word counts',
  listIntro: 'The pages you may read, longest first.',
  listTotal: 'In all: {words}.',
  listNone: 'There are no pages you may read.',
  page: 'Page',
  words: 'Words',
  reading: 'Reading time',
  pageTitle: 'Word count: {id}',
  revision: 'Revision',
  back: 'Back to the page',
} as const;

type Key = keyof typeof en;

const fr: Record<Key, string> = {
  description: 'Compte les mots de chaque page, tenu à jour quand les pages sont enregistrées, renommées et supprimées.',
  siteTool: 'Nombre de mots',
  'words.one': '{count} mot',
  'words.other': '{count} mots',
  'minutes.one': 'environ {count} minute',
  'minutes.other': 'environ {count} minutes',
  listTitle: 'Nombre de mots',
  listIntro: 'Les pages que vous pouvez lire, les plus longues d’abord.',
  listTotal: 'En tout : {words}.',
  listNone: 'Il n’y a aucune page que vous puissiez lire.',
  page: 'Page',
  words: 'Mots',
  reading: 'Temps de lecture',
  pageTitle: 'Nombre de mots : {id}',
  revision: 'Révision',
  back: 'Revenir à la page',
};

export const strings: PluginStrings<Key> = { en, fr };
export type WordcountKey = Key;
