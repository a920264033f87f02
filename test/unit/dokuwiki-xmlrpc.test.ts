// The XML-RPC reader and writer of DokuWiki's remote API (issue 12, item 4): requests as Python's
// xmlrpc.client writes them, responses every client reads, and documents that are refused.
import { describe, expect, it } from 'vitest';
import { faultResponse, methodResponse, parseMethodCall, RpcDate, XmlRpcParseError } from '../../src/dokuwiki/xmlrpc.js';

// xmlrpc.client.dumps(('wiki:start', 'Some **text** & <b>', {'sum': 'résumé', 'minor': True}), 'wiki.putPage')
const PUT_PAGE = "<?xml version='1.0'?>\n<methodCall>\n<methodName>wiki.putPage</methodName>\n<params>\n<param>\n<value><string>wiki:start</string></value>\n</param>\n<param>\n<value><string>Some **text** &amp; &lt;b&gt;</string></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>sum</name>\n<value><string>résumé</string></value>\n</member>\n<member>\n<name>minor</name>\n<value><boolean>1</boolean></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodCall>\n";
// xmlrpc.client.dumps(('a.png', Binary(b'\x89PNG\x00\xff'), {'ow': False}, 3, 2.5, [1, 'two'], DateTime(2024-01-02 03:04:05)), 'wiki.putAttachment')
const PUT_ATTACHMENT = "<?xml version='1.0'?>\n<methodCall>\n<methodName>wiki.putAttachment</methodName>\n<params>\n<param>\n<value><string>a.png</string></value>\n</param>\n<param>\n<value><base64>\niVBORwD/\n</base64></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>ow</name>\n<value><boolean>0</boolean></value>\n</member>\n</struct></value>\n</param>\n<param>\n<value><int>3</int></value>\n</param>\n<param>\n<value><double>2.5</double></value>\n</param>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>two</string></value>\n</data></array></value>\n</param>\n<param>\n<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n</param>\n</params>\n</methodCall>\n";

describe('parseMethodCall', () => {
  it('reads strings, entities, structs and booleans', () => {
    expect(parseMethodCall(PUT_PAGE)).toEqual({
      method: 'wiki.putPage',
      params: ['wiki:start', 'Some **text** & <b>', { sum: 'résumé', minor: true }],
    });
  });

  it('reads base64, int, double, arrays and dates', () => {
    const { params } = parseMethodCall(PUT_ATTACHMENT);
    expect(params[1]).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
    expect(params.slice(2, 6)).toEqual([{ ow: false }, 3, 2.5, [1, 'two']]);
    expect(params[6]).toEqual(new RpcDate(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000));
  });

  it.each([
    ['an untyped value is a string', '<methodCall><methodName>m</methodName><params><param><value>plain</value></param></params></methodCall>', ['plain']],
    ['no params', '<methodCall><methodName>dokuwiki.getVersion</methodName></methodCall>', []],
    ['CDATA and character references', '<methodCall><methodName>m</methodName><params><param><value><string><![CDATA[<a>]]>&#233;&#x41;</string></value></param></params></methodCall>', ['<a>éA']],
    ['ISO dates with a zone', '<methodCall><methodName>m</methodName><params><param><value><dateTime.iso8601>2024-01-02T04:04:05+01:00</dateTime.iso8601></value></param></params></methodCall>', [new RpcDate(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000)]],
  ])('%s', (_name, xml, params) => {
    expect(parseMethodCall(xml).params).toEqual(params);
  });

  it.each([
    ['a DTD (entity expansion)', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall><methodName>m</methodName></methodCall>'],
    ['an external entity', '<!DOCTYPE x SYSTEM "file:///etc/passwd"><methodCall><methodName>m</methodName></methodCall>'],
    ['an unknown entity', '<methodCall><methodName>&foo;</methodName></methodCall>'],
    ['unbalanced tags', '<methodCall><methodName>m</methodName>'],
    ['not a methodCall', '<methodResponse></methodResponse>'],
    ['no method name', '<methodCall><params/></methodCall>'],
    ['a bad integer', '<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params></methodCall>'],
    ['not XML', 'hello'],
  ])('refuses %s', (_name, xml) => {
    expect(() => parseMethodCall(xml)).toThrow(XmlRpcParseError);
  });
});

describe('responses', () => {
  it('writes each type', () => {
    const xml = methodResponse({ s: 'a<b', i: 7, d: 1.5, b: true, t: new RpcDate(1704164645), f: Buffer.from('hi'), a: [1], n: null });
    expect(xml).toContain('<member><name>s</name><value><string>a&lt;b</string></value></member>');
    expect(xml).toContain('<value><int>7</int></value>');
    expect(xml).toContain('<value><double>1.5</double></value>');
    expect(xml).toContain('<value><boolean>1</boolean></value>');
    expect(xml).toContain('<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>');
    expect(xml).toContain('<value><base64>aGk=</base64></value>');
    expect(xml).toContain('<value><array><data><value><int>1</int></value></data></array></value>');
    expect(xml).toContain('<value><nil/></value>');
  });

  it('reads back what it writes', () => {
    const body = methodResponse(['x', 2]).replace('methodResponse', 'methodCall').replace('methodResponse', 'methodCall').replace('<params>', '<methodName>echo</methodName><params>');
    expect(parseMethodCall(body).params).toEqual([['x', 2]]);
  });

  it('writes faults with their code and message', () => {
    expect(faultResponse(121, 'The requested page does not exist')).toContain(
      '<fault><value><struct><member><name>faultCode</name><value><int>121</int></value></member><member><name>faultString</name><value><string>The requested page does not exist</string></value></member></struct></value></fault>',
    );
  });
});
