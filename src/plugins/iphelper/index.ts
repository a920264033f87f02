// iphelper, the subnet calculator (SPEC §8): a toolbox widget that computes in the browser as the
// user types, with the very module the server uses, and the same form answered by the server at
// /_/plugin/iphelper?ip=ADDRESS&prefix=P (or &mask=M) without JavaScript.
import { ICONS } from '../../editor/icons.js';
import { single } from '../../web/forms.js';
import { definePlugin } from '../define.js';
import { strings } from './strings.js';
import { calculatorView } from './view.js';

// The same from src/ (tests) and from dist/ (the built server): both sit three levels down.
const ROOT = new URL('../../../', import.meta.url);

export const iphelper = definePlugin({
  manifest: {
    name: 'iphelper',
    version: '1.0.0',
    description: 'Subnet calculator for IPv4 and IPv6, as a toolbox widget and a plain form.',
  },
  strings,
  widgets: {
    iphelper: {
      title: 'title',
      render: ({ t, locale }) => ({ template: 'plugin-iphelper', data: { ...calculatorView(null, t, locale.lang) } }),
    },
  },
  // The editor's button that places the calculator in the page being written.
  toolbar: ({ t }) => [{ name: 'iphelper', label: t('title'), icon: ICONS.calculator, action: { kind: 'insert', text: '{{toolbox>iphelper}}' } }],
  async routes(app, scope) {
    app.get<{ Querystring: Record<string, unknown> }>('/', { config: { access: 'anyone' } }, async (request, reply) => {
      const t = scope.translate(request.locale);
      const { query } = request;
      const asked = query.ip !== undefined || query.prefix !== undefined || query.mask !== undefined;
      const input = asked ? { ip: single(query.ip) ?? '', prefix: single(query.prefix), mask: single(query.mask) } : null;
      const view = calculatorView(input, t, request.locale.lang);
      if (view.error) reply.status(400);
      return reply.page('plugin-iphelper-page', { title: t('title'), pt: t, domId: 'iphelper', ...view });
    });
  },
  assets: {
    'iphelper.css': new URL('public/plugins/iphelper/iphelper.css', ROOT),
    // Compiled by tsc from this folder: the browser imports the server's arithmetic itself.
    'widget.js': new URL('dist/plugins/iphelper/widget.js', ROOT),
    'subnet.js': new URL('dist/plugins/iphelper/subnet.js', ROOT),
  },
});
