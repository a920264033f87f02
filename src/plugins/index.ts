// The one list of shipped plugins, in the order their parts combine (menus, hooks, syntax).
import { iphelper } from './iphelper/index.js';
import type { Plugin } from './plugin.js';
import { wordcount } from './wordcount/index.js';

export type { Plugin } from './plugin.js';

export function shippedPlugins(): Plugin[] {
  return [iphelper, wordcount];
}
