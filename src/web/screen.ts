// A screen as bytes: the HTML a template drew, with the bytes of its slots (parts drawn and
// encoded elsewhere, such as a page's rendered article) put where the template marked them, and
// split where the layout left the trace, which differs between visitors and is filled per reply.
// Large parts never pass through the template's string building: they go in as bytes.

/** Where the layout leaves the trace. */
export const TRACE_HOLE = '<!--quire:trace-->';
const SLOT_START = '<!--quire:slot:';
const SLOT_END = '-->';

/** What a template writes where slot `name` goes (`<%~ it.slot('article') %>`). */
export function slotMarker(name: string): string {
  return `${SLOT_START}${name}${SLOT_END}`;
}

export interface Screen {
  before: Buffer;
  after: Buffer;
  /** The last whole body served from this screen, and the trace it was served with. */
  last?: { trace: string; body: Buffer };
}

/** `text` as bytes, with each slot marker replaced by that slot's bytes (an unknown slot: nothing). */
function filled(text: string, slots: Readonly<Record<string, Buffer>>): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = text.indexOf(SLOT_START); at >= 0; at = text.indexOf(SLOT_START, from)) {
    const end = text.indexOf(SLOT_END, at + SLOT_START.length);
    if (end < 0) break;
    parts.push(Buffer.from(text.slice(from, at)));
    const slot = slots[text.slice(at + SLOT_START.length, end)];
    if (slot) parts.push(slot);
    from = end + SLOT_END.length;
  }
  if (parts.length === 0) return Buffer.from(text);
  parts.push(Buffer.from(text.slice(from)));
  return Buffer.concat(parts);
}

/** The screen of a template's HTML and its slots, split at the trace's hole. */
export function screenOf(html: string, slots: Readonly<Record<string, Buffer>> = {}): Screen {
  const at = html.indexOf(TRACE_HOLE);
  if (at < 0) return { before: filled(html, slots), after: Buffer.alloc(0) };
  return { before: filled(html.slice(0, at), slots), after: filled(html.slice(at + TRACE_HOLE.length), slots) };
}

/**
 * The body of `screen` with a trace in its hole. `trace` names the trace (its page ids) and
 * `drawTrace` draws it: readers with the same trace — most often, just this page — get the bytes
 * served last, not a new copy.
 */
export function bodyOf(screen: Screen, trace: string, drawTrace: () => string): Buffer {
  if (screen.last?.trace === trace) return screen.last.body;
  const body = Buffer.concat([screen.before, Buffer.from(drawTrace()), screen.after]);
  screen.last = { trace, body };
  return body;
}
