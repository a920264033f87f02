// Who calls the API: `Authorization: Bearer TOKEN` names a user; no header is anonymous (@ALL);
// any other Authorization header is refused rather than silently treated as anonymous.
import { ANONYMOUS, viewerOf, type Viewer } from '../access/access.js';
import { hashSecret } from '../accounts/sessions.js';
import type { TokenStore } from '../accounts/tokens.js';
import type { UserStore } from '../accounts/users.js';

export type Caller =
  | { kind: 'anonymous'; viewer: Viewer }
  | { kind: 'token'; viewer: Viewer; /** Stable per token, never the secret itself. */ key: string }
  | { kind: 'invalid' };

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{1,512}) *$/i;

export function createBearerAuth(deps: { tokens: TokenStore; users: UserStore }) {
  return (authorization: string | undefined): Caller => {
    if (authorization === undefined) return { kind: 'anonymous', viewer: ANONYMOUS };
    const secret = BEARER.exec(authorization)?.[1];
    const login = secret === undefined ? null : deps.tokens.resolve(secret);
    const user = login === null ? undefined : deps.users.get(login);
    if (secret === undefined || !user || user.disabled) return { kind: 'invalid' };
    return { kind: 'token', viewer: viewerOf(user), key: hashSecret(secret) };
  };
}
