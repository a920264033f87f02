// Who is asking and in which language: the viewer from the session cookie, the CSRF token every
// POST form carries (checked before any handler runs), and starting and ending sessions.
// Registered once by buildApp, before anything that needs the viewer.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ANONYMOUS, viewerOf, type Viewer } from '../access/access.js';
import { SESSION_COOKIE, type SessionStore } from '../accounts/sessions.js';
import type { UserStore } from '../accounts/users.js';
import { badCsrf } from '../errors.js';
import { localeFor, type Locale } from '../i18n/index.js';
import type { SettingsStore } from '../site/settings.js';
import { CSRF_COOKIE, type Csrf } from './csrf.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    locale: Locale;
    /** The session id from the cookie when it names a live session of an enabled user. */
    sessionId: string | null;
  }
  interface FastifyReply {
    /** The hidden-field value for POST forms of this response (sets the visitor cookie if needed). */
    csrfToken(): string;
    /** Starts a session for `login` and sets its cookie (a new id at every log-in). */
    startSession(login: string, remember: boolean): void;
    /** Ends the current session and clears its cookie. */
    endSession(): void;
  }
}

export interface VisitorOptions {
  csrf: Csrf;
  settings: SettingsStore;
  sessions: SessionStore;
  users: UserStore;
}

/** Only paths on this site are accepted as places to return to after logging in. */
export function localPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\\]/.test(raw)) return null;
  return raw;
}

/** CSRF tokens are tied to the session when there is one, else to the visitor cookie. */
function csrfBinding(request: FastifyRequest): string | undefined {
  return request.sessionId ?? request.cookies[CSRF_COOKIE];
}

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

export function registerVisitors(app: FastifyInstance, options: VisitorOptions): void {
  const { csrf, settings, sessions, users } = options;

  // Set per request in onRequest; decorated empty so every request object has the same shape.
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('locale', null as unknown as Locale);
  app.decorateRequest('sessionId', null);

  // Callback hooks rather than async ones: they run on every request, and a promise each costs.
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    request.viewer = ANONYMOUS;
    const sessionId = request.url.startsWith('/_/api/') ? undefined : request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const session = sessions.get(sessionId);
      const user = session ? users.get(session.login) : undefined;
      if (user && !user.disabled) {
        request.viewer = viewerOf(user);
        request.sessionId = sessionId;
      }
    }
    request.locale = localeFor(request.viewer.lang ?? settings.site().lang);
    done();
  });

  // Every POST carries _csrf, checked before any handler runs (the JSON API is exempt: it ignores cookies).
  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.method !== 'POST' || request.url.startsWith('/_/api/')) return done();
    const body = request.body as Record<string, unknown> | undefined;
    done(csrf.verify(csrfBinding(request), body?._csrf) ? undefined : badCsrf());
  });

  app.decorateReply('csrfToken', function (this: FastifyReply) {
    let binding = csrfBinding(this.request);
    if (!binding) {
      binding = csrf.newBinding();
      this.request.cookies[CSRF_COOKIE] = binding;
      this.setCookie(CSRF_COOKIE, binding, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(this.request) });
    }
    return csrf.token(binding);
  });

  app.decorateReply('startSession', function (this: FastifyReply, login: string, remember: boolean) {
    const old = this.request.sessionId;
    if (old) sessions.end(old);
    const session = sessions.create(login, remember);
    this.request.sessionId = session.id;
    this.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps(this.request),
      ...(remember ? { expires: new Date(session.expires) } : {}),
    });
  });

  app.decorateReply('endSession', function (this: FastifyReply) {
    const id = this.request.sessionId;
    if (id) sessions.end(id);
    this.request.sessionId = null;
    this.clearCookie(SESSION_COOKIE, { path: '/' });
  });
}
