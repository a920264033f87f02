// Admin: the ACL manager — rules listed by scope; add or change (same scope + subject) and delete.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LEVELS, parseLevel, parseScope, parseSubject } from '../../access/acl.js';
import type { AclStore } from '../../access/acl-store.js';
import { single } from '../../web/forms.js';
import type { MessageKey } from '../../i18n/index.js';
import { cleanId } from '../../pages/page-id.js';

interface ParsedRule {
  scope: string | null;
  subject: string | null;
  level: number | null;
}

function parseRule(body: Record<string, unknown>): ParsedRule {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  return { scope: parseScope(text('scope'), cleanId), subject: parseSubject(text('subject')), level: parseLevel(text('level')) };
}

export type AdminAclHandlers = ReturnType<typeof adminAclHandlers>;

export function adminAclHandlers(deps: { acl: AclStore }) {
  const { acl } = deps;

  function show(request: FastifyRequest, reply: FastifyReply, notice: { message?: MessageKey; error?: MessageKey; values?: Record<string, string> } = {}) {
    const t = request.locale.t;
    const byScope = new Map<string, { subject: string; level: number; levelLabel: string }[]>();
    for (const rule of acl.rules()) {
      const list = byScope.get(rule.scope) ?? [];
      list.push({ subject: rule.subject, level: rule.level, levelLabel: t(`level.${rule.level}` as MessageKey) ?? String(rule.level) });
      byScope.set(rule.scope, list);
    }
    return reply.page('admin-acl', {
      title: t('admin.acl'),
      noindex: true,
      scopes: [...byScope.entries()].map(([scope, rules]) => ({ scope, rules })),
      levels: LEVELS.map((level) => ({ level, label: t(`level.${level}` as MessageKey) })),
      values: { scope: '', subject: '', level: '1', ...notice.values },
      message: notice.message ? t(notice.message) : null,
      error: notice.error ? t(notice.error) : null,
    });
  }

  const listRules = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const done = single(request.query.done);
    return show(request, reply, { message: done === 'saved' ? 'acl.saved' : done === 'deleted' ? 'acl.deleted' : undefined });
  };

  const changeRule = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['scope', 'subject', 'level'].map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : '']));
    const rule = parseRule(body);
    const refuse = (error: MessageKey) => {
      reply.status(400);
      return show(request, reply, { error, values });
    };
    if (rule.scope === null) return refuse('acl.scopeInvalid');
    if (rule.subject === null) return refuse('acl.subjectInvalid');
    if (single(request.query.do) === 'delete') {
      acl.delete(rule.scope, rule.subject);
      return reply.redirect('/_/admin/acl?done=deleted', 303);
    }
    if (rule.level === null) return refuse('acl.levelInvalid');
    acl.set({ scope: rule.scope, subject: rule.subject, level: rule.level });
    return reply.redirect('/_/admin/acl?done=saved', 303);
  };

  return { listRules, changeRule };
}
