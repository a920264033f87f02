// Quire's HTML of a DokuWiki page text, converted then rendered by a build of Quire:
// node quire-render.mjs DIST ID < text (DIST: a `tsc --outDir` build of src/)
import fs from 'node:fs';
const [dist, id] = process.argv.slice(2);
const { dokuwikiToMarkdown } = await import(`${dist}/dokuwiki/convert.js`);
const pageIdMod = fs.existsSync(`${dist}/pages/page-id.js`) ? `${dist}/pages/page-id.js` : `${dist}/page-id.js`;
const { idToPath } = await import(pageIdMod);
const { createRenderer } = await import(`${dist}/render/index.js`);
const text = fs.readFileSync(0, 'utf8');
const options = JSON.parse(process.env.CONVERT_OPTIONS ?? '{}');
const converted = dokuwikiToMarkdown(text, options);
const markdown = typeof converted === 'string' ? converted : converted.markdown;
if (process.env.SHOW_MD) fs.writeFileSync(process.env.SHOW_MD, markdown);
const html = createRenderer().render(markdown, { pageId: id, startPage: 'start', exists: () => true, linkState: () => 'exists', pageUrl: idToPath }).html;
process.stdout.write(html);
