// The strings the script writes itself, in the page's language: the server puts them in the form's
// `data-messages` (src/editor/wire.ts lists them), so the bundle holds no text of its own.
import type { ClientMessage } from '../../src/editor/wire.js';

export type Say = (key: ClientMessage, params?: Record<string, string | number>) => string;

export function messagesOf(element: HTMLElement): Say {
  let table: Record<string, string> = {};
  try {
    table = JSON.parse(element.dataset.messages ?? '{}') as Record<string, string>;
  } catch {
    // A page without the strings still works: the keys are shown instead.
  }
  return (key, params) =>
    (table[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
