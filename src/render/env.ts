// Per-render state, carried through markdown-it's `env` so one parser serves every render.
import { sectionIdCounter } from '../pages/page-id.js';
import type { RenderContext, SectionHeading, TocEntry } from './types.js';

export interface RenderState {
  ctx: RenderContext;
  /** false when only the links are wanted: no link-state look-ups, no HTML. */
  decorate: boolean;
  links: string[];
  linked: Set<string>;
  anchorFor: (text: string) => string;
  toc: TocEntry[];
  sections: SectionHeading[];
  title: string | null;
  notoc: boolean;
  /** ACL scopes of the media shown ('ns:*', '*'): a reader who may not read one gets another render. */
  mediaScopes: string[];
}

export interface RenderEnv {
  quire: RenderState;
}

export function createEnv(ctx: RenderContext, decorate: boolean): RenderEnv {
  return {
    quire: {
      ctx,
      decorate,
      links: [],
      linked: new Set(),
      anchorFor: sectionIdCounter(),
      toc: [],
      sections: [],
      title: null,
      notoc: false,
      mediaScopes: [],
    },
  };
}

// Rules may run under a bare md.render() (an extension's own tests): they then do nothing.
export function renderStateOf(env: unknown): RenderState | null {
  if (typeof env !== 'object' || env === null || !('quire' in env)) return null;
  return (env as RenderEnv).quire;
}

export function recordLink(state: RenderState, id: string): void {
  if (state.linked.has(id)) return;
  state.linked.add(id);
  state.links.push(id);
}

export function recordMediaScope(state: RenderState, scope: string): void {
  if (!state.mediaScopes.includes(scope)) state.mediaScopes.push(scope);
}
