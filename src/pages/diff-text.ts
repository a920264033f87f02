// A diff as plain text, for mails and feeds: unchanged lines start with two spaces, removed lines
// with "- ", added lines with "+ ", and "@@ -OLD +NEW @@" marks where unchanged lines were left out.
import type { DiffResult } from './diff.js';

export function diffAsText(result: DiffResult): string {
  const lines: string[] = [];
  for (const row of result.inline) {
    const text = row.segments.map((segment) => segment.text).join('');
    if (row.kind === 'gap') lines.push(`@@ -${row.oldLine ?? ''} +${row.newLine ?? ''} @@`);
    else if (row.kind === 'del') lines.push(`- ${text}`);
    else if (row.kind === 'ins') lines.push(`+ ${text}`);
    else lines.push(`  ${text}`);
  }
  return lines.join('\n');
}
