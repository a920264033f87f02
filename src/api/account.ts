// API: the caller — who the token belongs to, and what permission they hold on a page or namespace.
import { z } from 'zod';
import { parseScope } from '../access/acl.js';
import { cleanId } from '../pages/page-id.js';
import { defineRoute } from './route.js';

const caller = z.union([
  z.object({ login: z.string(), name: z.string(), groups: z.array(z.string()).meta({ description: 'Includes `user`.' }) }),
  z.object({ login: z.null() }),
]);

export const whoami = defineRoute({
  method: 'GET',
  path: '/whoami',
  operationId: 'whoami',
  summary: 'Who the bearer token belongs to (`login: null` without one)',
  tag: 'account',
  needs: { kind: 'anyone' },
  response: caller,
  errors: [],
  handle(_input, { viewer }) {
    if (viewer.login === null) return { body: { login: null } };
    return { body: { login: viewer.login, name: viewer.name ?? viewer.login, groups: [...viewer.groups] } };
  },
});

const scope = z
  .string()
  .transform((raw, ctx) => {
    const parsed = parseScope(raw, cleanId);
    if (parsed === null) {
      ctx.issues.push({ code: 'custom', input: raw, message: 'expected a page id, ns:* or *' });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: 'A page id, `ns:*` (a namespace) or `*`.' });

export const permission = defineRoute({
  method: 'GET',
  path: '/acl',
  operationId: 'permission',
  summary: 'The caller’s permission on a page id, `ns:*` or `*`',
  description: 'Levels: 0 none, 1 read, 2 edit, 4 create, 8 upload, 16 delete, 255 admin.',
  tag: 'account',
  needs: { kind: 'anyone' },
  query: z.object({ id: scope }),
  response: z.object({ id: z.string(), permission: z.number().int() }),
  errors: [400],
  handle({ query: { id } }, { deps, viewer }) {
    return { body: { id, permission: deps.access.level(viewer, id) } };
  },
});
