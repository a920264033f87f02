// Type declarations for markdown-it-sub and markdown-it-sup, which ship none: each is a plain
// markdown-it plugin (`~sub~`, `^sup^`).
declare module 'markdown-it-sub' {
  import type { PluginSimple } from 'markdown-it';
  const subscript: PluginSimple;
  export default subscript;
}

declare module 'markdown-it-sup' {
  import type { PluginSimple } from 'markdown-it';
  const superscript: PluginSimple;
  export default superscript;
}
