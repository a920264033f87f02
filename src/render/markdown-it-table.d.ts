// markdown-it's GFM table rule, imported by budget.ts to give it a bounded number of rows; the
// package ships no types for its rule modules.
declare module 'markdown-it/lib/rules_block/table.mjs' {
  import type { StateBlock } from 'markdown-it';
  export default function table(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean;
}
