// DokuWiki's ACL placeholders, kept in rules as written and expanded for each caller as DokuWiki's
// auth_loadACL does: `%USER%` becomes the caller's login (skipped for anonymous callers) and
// `%GROUP%` one rule per group of the caller (`users:%GROUP%:* @%GROUP% 8`). So
// `user:%USER%:* %USER% 16` gives everyone their own namespace. Pure.

export interface PlaceholderRule {
  scope: string;
  subject: string;
  level: number;
}

export interface PlaceholderCaller {
  login: string | null;
  groups: readonly string[];
}

export const USER_PLACEHOLDER = '%USER%';
export const GROUP_PLACEHOLDER = '%GROUP%';

export function hasPlaceholder(rule: PlaceholderRule): boolean {
  return `${rule.scope} ${rule.subject}`.includes(USER_PLACEHOLDER) || `${rule.scope} ${rule.subject}`.includes(GROUP_PLACEHOLDER);
}

/**
 * The rules `rule` stands for when `caller` asks. `cleanId` cleans the login or group name
 * put into a scope, as DokuWiki does (a login `John.Doe` gives the namespace `john.doe`).
 */
export function expandPlaceholders<R extends PlaceholderRule>(rule: R, caller: PlaceholderCaller, cleanId: (raw: string) => string): R[] {
  let scope = rule.scope;
  let subject = rule.subject;
  if (scope.includes(USER_PLACEHOLDER) || subject.includes(USER_PLACEHOLDER)) {
    if (caller.login === null) return [];
    scope = scope.split(USER_PLACEHOLDER).join(cleanId(caller.login));
    subject = subject.split(USER_PLACEHOLDER).join(caller.login);
  }
  if (!scope.includes(GROUP_PLACEHOLDER) && !subject.includes(GROUP_PLACEHOLDER)) return [{ ...rule, scope, subject }];
  return caller.groups.map((group) => ({
    ...rule,
    scope: scope.split(GROUP_PLACEHOLDER).join(cleanId(group)),
    subject: subject.split(GROUP_PLACEHOLDER).join(group),
  }));
}
