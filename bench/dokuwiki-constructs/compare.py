#!/usr/bin/env python3
"""Per-construct comparison of DokuWiki's own XHTML and Quire's HTML of the same page.

usage: compare.py DOKU.html QUIRE.html [--verbose]
prints JSON {kind: [total, matched, [missing keys]]}
"""
import html
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlparse

TYPO = [('\u201c', '"'), ('\u201d', '"'), ('\u201e', '"'), ('\u2018', "'"), ('\u2019', "'"),
        ('\u2192', '->'), ('\u2190', '<-'), ('\u2194', '<->'), ('\u21d2', '=>'), ('\u21d0', '<='),
        ('\u21d4', '<=>'), ('\u00bb', '>>'), ('\u00ab', '<<'), ('\u2014', '---'), ('\u2013', '--'),
        ('\u00d7', 'x'), ('\u00a9', '(c)'), ('\u2122', '(tm)'), ('\u00ae', '(r)'), ('\u2026', '...'),
        ('\u00a0', ' ')]


def norm(text):
    for a, b in TYPO:
        text = text.replace(a, b)
    return re.sub(r'\s+', ' ', text).strip()


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        out = []
        for c in self.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag == 'img':
                out.append(c.attrs.get('alt') or '')
            elif c.tag == 'br':
                out.append(' ')
            else:
                out.append(c.text())
        return ''.join(out)

    def classes(self):
        return (self.attrs.get('class') or '').split()

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def inside(self, tag):
        p = self.parent
        while p is not None:
            if p.tag == tag:
                return True
            p = p.parent
        return False


VOID = {'img', 'br', 'hr', 'input', 'meta', 'link', 'col', 'wbr'}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node('root', [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    t = Tree()
    t.feed(open(path, encoding='utf-8').read())
    return t.root


def heading_map(root):
    """anchor id -> heading text"""
    return {n.attrs.get('id'): norm(n.text()) for n in root.walk() if re.fullmatch(r'h[1-6]', n.tag) and n.attrs.get('id')}


def own_text(li):
    """Text of a list item without its nested lists."""
    out = []
    for c in li.children:
        if isinstance(c, str):
            out.append(c)
        elif c.tag in ('ul', 'ol'):
            break
        else:
            out.append(c.text())
    return norm(''.join(out))


def plugin_output(n):
    """DokuWiki's rss and info plugins draw their output: not a construct of the page text."""
    if n.tag == 'ul' and 'rss' in n.classes():
        return 'rss'
    if n.tag == 'ul' and 'plugin:info' in ''.join(k.attrs.get('href', '') for k in n.walk() if k.tag == 'a'):
        return 'info'
    return None


def in_plugin_output(n):
    while n is not None:
        if plugin_output(n):
            return True
        n = n.parent
    return False


def linked_image(n, self_link):
    p = n.parent
    return p is not None and p.tag == 'a' and not self_link(html.unescape(p.attrs.get('href', '')), html.unescape(n.attrs.get('src', '')))


def doku_constructs(root, page):
    heads = heading_map(root)
    found = []
    for n in root.walk():
        if n.tag == 'dt' and n.parent is not None and n.parent.tag == 'dl':
            found.append(('code block file name', norm(n.text())))
            n.children = []
    for n in root.walk():
        c = n.classes()
        t = norm(n.text())
        if plugin_output(n):
            found.append(('plugin output', plugin_output(n)))
        if in_plugin_output(n):
            continue
        if re.fullmatch(r'h[1-5]', n.tag):
            found.append(('heading', f'{n.tag} {t}'))
        elif n.tag == 'strong':
            found.append(('bold', t))
        elif n.tag == 'em' and 'u' in c:
            found.append(('underline', t))
        elif n.tag == 'em':
            found.append(('italic', t))
        elif n.tag == 'code' and not n.inside('pre'):
            found.append(('monospace', t))
        elif n.tag == 'del':
            found.append(('deleted', t))
        elif n.tag == 'sub':
            found.append(('subscript', t))
        elif n.tag == 'sup' and not any(isinstance(k, Node) and ('fn_top' in k.classes() or 'fn_bot' in k.classes()) for k in n.children):
            found.append(('superscript', t))
        elif n.tag == 'div' and 'fn' in c:
            found.append(('footnote', norm(re.sub(r'^\s*\d+\)\s*', '', t))))
        elif n.tag == 'pre':
            found.append(('code block', n.text().strip('\n').rstrip()))
        elif n.tag in ('td', 'th'):
            found.append(('table cell', t))
        elif n.tag == 'li':
            found.append(('list item', own_text(n)))
        elif n.tag == 'blockquote':
            found.append(('quote', t))
        elif n.tag == 'hr':
            found.append(('rule', ''))
        elif n.tag == 'br':
            found.append(('line break', ''))
        elif n.tag == 'img' and 'smiley' in c:
            found.append(('smiley', n.attrs.get('alt', '')))
        elif n.tag == 'img':
            q = parse_qs(urlparse(html.unescape(n.attrs.get('src', ''))).query)
            media = unquote(q.get('media', [''])[0])
            linked = linked_image(n, lambda href, src: 'fetch.php' in href or 'detail.php' in href)
            kind = 'image link' if linked else ('external image' if '://' in media else 'image')
            found.append((kind, f"{media} w={n.attrs.get('width', '')} alt={n.attrs.get('alt', '') or n.attrs.get('title', '')}"))
        elif n.tag == 'a':
            href = html.unescape(n.attrs.get('href', ''))
            if 'fn_top' in c or 'fn_bot' in c or 'export_code' in href or 'media' in c:
                continue
            href = re.sub(r'^http://vm/[^?#]*?doku\.php', '/doku.php', href)
            if 'wikilink1' in c or 'wikilink2' in c:
                target = n.attrs.get('data-wiki-id') or n.attrs.get('title', '').split(' ')[0]
                anchor = href.split('#', 1)[1] if '#' in href else ''
                if href.startswith('#'):
                    target = page
                    anchor = heads.get(anchor, '?' + anchor)
                elif anchor:
                    anchor = '#' + anchor
                query = parse_qs(urlparse(href).query)
                extra = ' do=' + query['do'][0] if 'do' in query else ''
                found.append(('internal link', f'{target}{anchor}{extra} | {t}'))
            elif 'interwiki' in c:
                found.append(('interwiki link', f'{unquote(href)} | {t}'))
            elif 'mail' in c:
                found.append(('email link', f"{href.replace('mailto:', '')} | {t}"))
            elif 'windows' in c:
                found.append(('windows share', t))
            elif 'urlextern' in c:
                found.append(('external link', f'{unquote(href)} | {t}'))
    return found


def quire_constructs(root, page):
    heads = heading_map(root)
    found = []
    for n in root.walk():
        c = n.classes()
        t = norm(n.text())
        if re.fullmatch(r'h[1-5]', n.tag):
            found.append(('heading', f'{n.tag} {t}'))
        elif n.tag == 'strong':
            found.append(('bold', t))
        elif n.tag == 'em':
            found.append(('italic', t))
        elif n.tag == 'u':
            found.append(('underline', t))
        elif n.tag == 'code' and not n.inside('pre'):
            found.append(('monospace', t))
        elif n.tag in ('del', 's'):
            found.append(('deleted', t))
        elif n.tag == 'sub':
            found.append(('subscript', t))
        elif n.tag == 'sup' and 'footnote-ref' not in c:
            found.append(('superscript', t))
        elif n.tag == 'li' and 'footnote-item' in c:
            found.append(('footnote', norm(t.replace('\u21a9\ufe0e', ''))))
            continue
        elif n.tag == 'pre':
            found.append(('code block', n.text().strip('\n').rstrip()))
        elif n.tag in ('td', 'th'):
            found.append(('table cell', t))
        elif n.tag == 'li' and not n.inside('section'):
            found.append(('list item', own_text(n)))
        elif n.tag == 'blockquote':
            found.append(('quote', t))
        elif n.tag == 'hr' and not 'footnotes-sep' in c:
            found.append(('rule', ''))
        elif n.tag == 'br':
            found.append(('line break', ''))
        elif n.tag == 'img':
            src = html.unescape(n.attrs.get('src', ''))
            u = urlparse(src)
            if u.scheme:
                media = src.split('?')[0]
            else:
                media = unquote(u.path.replace('/_/media/', '')).replace('/', ':')
            width = n.attrs.get('width') or parse_qs(u.query).get('w', [''])[0]
            linked = linked_image(n, lambda href, s: href.startswith('/_/media/') or href == s)
            kind = 'image link' if linked else ('external image' if u.scheme else 'image')
            found.append((kind, f"{media} w={width} alt={n.attrs.get('alt', '')}"))
        elif n.tag == 'a':
            href = html.unescape(n.attrs.get('href', ''))
            if 'footnote' in ' '.join(c) or 'media' in c or 'mediafile' in c:
                continue
            if href.startswith('?'):
                query = parse_qs(href[1:])
                found.append(('internal link', f"{page} do={query.get('do', [''])[0]} | {t}"))
            elif 'wikilink' in c or 'wikilink-missing' in c:
                target = n.attrs.get('title', '')
                anchor = href.split('#', 1)[1] if '#' in href else ''
                if href.startswith('#'):
                    anchor = heads.get(anchor, '?' + anchor)
                elif anchor:
                    anchor = '#' + anchor
                query = parse_qs(urlparse(href).query)
                extra = ' do=' + query['do'][0] if 'do' in query else ''
                found.append(('internal link', f'{target}{anchor}{extra} | {t}'))
            elif href.startswith('mailto:'):
                found.append(('email link', f"{href.replace('mailto:', '')} | {t}"))
            elif 'urlextern' in c or href.startswith('/'):
                found.append(('external link', f'{unquote(href)} | {t}'))
    return found


GROUP = {'interwiki link': 'external link'}


def compare(doku, quire):
    have = Counter((GROUP.get(k, k), v) for k, v in quire)
    result = {}
    for kind, key in doku:
        entry = result.setdefault(kind, [0, 0, []])
        entry[0] += 1
        g = (GROUP.get(kind, kind), key)
        if have[g] > 0:
            have[g] -= 1
            entry[1] += 1
        else:
            entry[2].append(key)
    return result


if __name__ == '__main__':
    page = sys.argv[3] if len(sys.argv) > 3 else 'wiki:syntax'
    d = doku_constructs(parse(sys.argv[1]), page)
    q = quire_constructs(parse(sys.argv[2]), page)
    print(json.dumps(compare(d, q), ensure_ascii=False, indent=1))
