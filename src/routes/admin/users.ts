// Admin: the hub, and the user manager — list and search, add, edit, disable, delete, CSV out and in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseCsv, toCsv } from '../../accounts/csv.js';
import { HttpError, notFound } from '../../errors.js';
import { checkInput, single } from '../../web/forms.js';
import type { MessageKey } from '../../i18n/index.js';
import type { SessionStore } from '../../accounts/sessions.js';
import { ADMIN_GROUP, LOGIN_PATTERN, parseGroups, PASSWORD_MIN, type User, type UserStore } from '../../accounts/users.js';
import { accountFieldError } from '../auth.js';

export const USERS_PER_PAGE = 50;

/** The columns of the export; an import reads them by its header line, or in IMPORT_COLUMNS order. */
const EXPORT_COLUMNS = ['login', 'name', 'email', 'groups', 'disabled'] as const;
const IMPORT_COLUMNS = ['login', 'name', 'email', 'groups', 'password'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number] | 'disabled';
const KNOWN_COLUMNS: readonly string[] = [...IMPORT_COLUMNS, 'disabled'];

/**
 * The rows of a pasted CSV with the column each field belongs to: a first line naming columns
 * (as the export writes it, plus `password`) says their order; without one the order is
 * IMPORT_COLUMNS. `firstRow` is the number of the first data row, for the report.
 */
export function readImport(text: string): { rows: string[][]; columns: (ImportColumn | null)[]; firstRow: number } {
  const rows = parseCsv(text);
  const header = rows[0]?.map((cell) => cell.trim().toLowerCase());
  if (header?.[0] === 'login') {
    const columns = header.map((name) => (KNOWN_COLUMNS.includes(name) ? (name as ImportColumn) : null));
    return { rows: rows.slice(1), columns, firstRow: 2 };
  }
  return { rows, columns: [...IMPORT_COLUMNS], firstRow: 1 };
}

const addForm = z.object({
  login: z.string().trim().toLowerCase().regex(LOGIN_PATTERN),
  name: z.string().trim().max(200).default(''),
  email: z.union([z.literal(''), z.email().max(200)]).default(''),
  password: z.string().min(PASSWORD_MIN).max(1000),
  groups: z.string().max(1000).default('').refine((raw) => parseGroups(raw) !== null),
});

const editForm = addForm.omit({ login: true }).extend({
  password: z.union([z.literal(''), z.string().min(PASSWORD_MIN).max(1000)]).default(''),
  disabled: z.literal('on').optional(),
});

const importForm = z.object({ csv: z.string().max(2_000_000) });

export type AdminUserHandlers = ReturnType<typeof adminUserHandlers>;

export function adminUserHandlers(deps: { users: UserStore; sessions: SessionStore }) {
  const { users, sessions } = deps;

  /** Would the wiki still have an enabled admin if `login` became `after`? */
  function keepsAnAdmin(login: string, after: { admin: boolean; enabled: boolean } | null): boolean {
    const others = users.activeAdmins().filter((admin) => admin !== login);
    return others.length > 0 || (after !== null && after.admin && after.enabled);
  }

  const hub = async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page('admin', { title: request.locale.t('admin.title'), noindex: true });

  function showList(request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply, notice: { message?: string; error?: string; values?: Record<string, string>; report?: string[] } = {}) {
    const t = request.locale.t;
    const q = single(request.query.q) ?? '';
    const first = Math.max(0, Number(single(request.query.first) ?? 0) || 0);
    const { users: list, total } = users.search(q, first, USERS_PER_PAGE);
    return reply.page('admin-users', {
      title: t('admin.users'),
      noindex: true,
      q,
      list,
      total,
      newer: first > 0 ? Math.max(0, first - USERS_PER_PAGE) : null,
      older: first + USERS_PER_PAGE < total ? first + USERS_PER_PAGE : null,
      values: { login: '', name: '', email: '', groups: '', ...notice.values },
      message: notice.message ?? null,
      error: notice.error ?? null,
      report: notice.report ?? null,
    });
  }

  const listUsers = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const added = single(request.query.added);
    const deleted = single(request.query.deleted);
    const t = request.locale.t;
    return showList(request, reply, {
      message: added ? t('users.added', { login: added }) : deleted ? t('users.deleted', { login: deleted }) : undefined,
    });
  };

  const addUser = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const t = request.locale.t;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(['login', 'name', 'email', 'groups'].map((k) => [k, String(body[k] ?? '')]));
    const checked = checkInput(addForm, body);
    if (!checked.ok) {
      reply.status(400);
      return showList(request, reply, { error: accountFieldError(t, checked.field), values });
    }
    const form = checked.data;
    if (users.get(form.login)) {
      reply.status(409);
      return showList(request, reply, { error: t('auth.register.taken'), values });
    }
    await users.create({ ...form, groups: parseGroups(form.groups) ?? [] });
    return reply.redirect(`/_/admin/users?added=${encodeURIComponent(form.login)}`, 303);
  };

  const exportUsers = async (_request: FastifyRequest, reply: FastifyReply) => {
    const rows = users.all().map((user) => [user.login, user.name, user.email, user.groups.join(','), user.disabled ? 'disabled' : '']);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="users.csv"')
      .send(toCsv([[...EXPORT_COLUMNS], ...rows]));
  };

  const importUsers = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const t = request.locale.t;
    const checked = checkInput(importForm, request.body);
    if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
    const { rows, columns, firstRow } = readImport(checked.data.csv);
    const report: string[] = [];
    let accepted = 0;
    for (const [index, row] of rows.entries()) {
      const refuse = (reason: string) => report.push(t('users.importLine', { line: firstRow + index, reason }));
      const field = (name: ImportColumn) => {
        const at = columns.indexOf(name);
        return at < 0 ? '' : (row[at] ?? '').trim();
      };
      if (row.length < Math.min(columns.length, IMPORT_COLUMNS.length)) {
        refuse(t('users.importColumns', { count: columns.length }));
        continue;
      }
      const parsed = checkInput(addForm, {
        login: field('login'),
        name: field('name'),
        email: field('email'),
        groups: field('groups'),
        password: field('password'),
      });
      if (!parsed.ok) {
        refuse(accountFieldError(t, parsed.field));
        continue;
      }
      if (users.get(parsed.data.login)) {
        refuse(t('auth.register.taken'));
        continue;
      }
      await users.create({ ...parsed.data, groups: parseGroups(parsed.data.groups) ?? [] });
      if (field('disabled') !== '') users.setDisabled(parsed.data.login, true);
      accepted += 1;
    }
    return showList(request, reply, {
      message: t('users.importReport', { accepted, refused: report.length }),
      report,
    });
  };

  function loadUser(login: string): User {
    const user = users.get(login);
    if (!user) throw notFound();
    return user;
  }

  function showEdit(request: FastifyRequest, reply: FastifyReply, user: User, notice: { message?: MessageKey; error?: string } = {}) {
    const t = request.locale.t;
    return reply.page('admin-user', {
      title: t('users.editTitle', { login: user.login }),
      noindex: true,
      user,
      message: notice.message ? t(notice.message, { login: user.login }) : null,
      error: notice.error ?? null,
    });
  }

  const showUser = async (request: FastifyRequest<{ Params: { login: string }; Querystring: Record<string, unknown> }>, reply: FastifyReply) => showEdit(request, reply, loadUser(request.params.login), {
      message: single(request.query.saved) ? 'users.saved' : undefined,
    });

  const changeUser = async (request: FastifyRequest<{ Params: { login: string }; Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
      const t = request.locale.t;
      const user = loadUser(request.params.login);
      if (single(request.query.do) === 'delete') {
        if (!keepsAnAdmin(user.login, null)) {
          reply.status(409);
          return showEdit(request, reply, user, { error: t('users.lastAdmin') });
        }
        users.delete(user.login);
        return reply.redirect(`/_/admin/users?deleted=${encodeURIComponent(user.login)}`, 303);
      }
      const checked = checkInput(editForm, request.body);
      if (!checked.ok) {
        reply.status(400);
        return showEdit(request, reply, user, { error: accountFieldError(t, checked.field) });
      }
      const form = checked.data;
      const groups = parseGroups(form.groups) ?? [];
      const disabled = form.disabled === 'on';
      if (!keepsAnAdmin(user.login, { admin: groups.includes(ADMIN_GROUP), enabled: !disabled })) {
        reply.status(409);
        return showEdit(request, reply, user, { error: t('users.lastAdmin') });
      }
      users.update(user.login, { name: form.name, email: form.email, lang: user.lang, groups });
      if (form.password !== '') {
        await users.setPassword(user.login, form.password);
        sessions.endAllFor(user.login, user.login === request.viewer.login ? request.sessionId : null);
      }
      users.setDisabled(user.login, disabled);
      if (disabled) sessions.endAllFor(user.login);
      return reply.redirect(`/_/admin/users/${encodeURIComponent(user.login)}?saved=1`, 303);
    };

  return { hub, listUsers, addUser, exportUsers, importUsers, showUser, changeUser };
}
