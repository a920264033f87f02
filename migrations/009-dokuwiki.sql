-- Moving in from DokuWiki (issue 12): the interwiki map behind `[[wp>Page]]` links, one row per
-- shortcut. A new wiki starts with DokuWiki's shipped conf/interwiki.conf; `quire import-dokuwiki`
-- replaces it with the source wiki's interwiki.conf and interwiki.local.conf.
CREATE TABLE interwiki (
  name TEXT PRIMARY KEY,   -- the shortcut before '>', lower case ('wp', 'doku', 'amazon.de')
  url  TEXT NOT NULL       -- a prefix the reference is appended to, or a template with {NAME}, {URL} …
);

INSERT INTO interwiki (name, url) VALUES
  ('wp', 'https://en.wikipedia.org/wiki/{NAME}'),
  ('wpfr', 'https://fr.wikipedia.org/wiki/{NAME}'),
  ('wpde', 'https://de.wikipedia.org/wiki/{NAME}'),
  ('wpes', 'https://es.wikipedia.org/wiki/{NAME}'),
  ('wppl', 'https://pl.wikipedia.org/wiki/{NAME}'),
  ('wpjp', 'https://ja.wikipedia.org/wiki/{NAME}'),
  ('wpru', 'https://ru.wikipedia.org/wiki/{NAME}'),
  ('wpmeta', 'https://meta.wikipedia.org/wiki/{NAME}'),
  ('doku', 'https://www.dokuwiki.org/'),
  ('rfc', 'https://tools.ietf.org/html/rfc'),
  ('man', 'http://man.cx/'),
  ('amazon', 'https://www.amazon.com/dp/{URL}'),
  ('amazon.de', 'https://www.amazon.de/dp/{URL}'),
  ('amazon.uk', 'https://www.amazon.co.uk/dp/{URL}'),
  ('paypal', 'https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&business='),
  ('phpfn', 'https://secure.php.net/{NAME}'),
  ('skype', 'skype:{NAME}'),
  ('google', 'https://www.google.com/search?q='),
  ('google.de', 'https://www.google.de/search?q='),
  ('go', 'https://www.google.com/search?q={URL}&btnI=lucky'),
  ('user', ':user:{NAME}'),
  ('callto', 'callto://{NAME}'),
  ('tel', 'tel:{NAME}');
