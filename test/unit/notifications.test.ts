// The pure parts of notifications (SPEC §14) as tables: which addresses webhooks may not reach,
// when a failed delivery is tried again, which subscription targets a page id concerns, the text
// form of a diff, webhook signatures and unsubscribe signatures.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlockedAddress, checkedAddresses, isPrivateAddress } from '../../src/notifications/address-guard.js';
import { covers, mostSpecific, targetsOf, type Subscription } from '../../src/notifications/subscriptions.js';
import { checkUnsubscribeToken, unsubscribeToken } from '../../src/notifications/unsubscribe.js';
import { signature } from '../../src/notifications/webhook-post.js';
import { retryAt, RETRY_WINDOW_MS } from '../../src/notifications/worker.js';
import { diffTexts } from '../../src/pages/diff.js';
import { diffAsText } from '../../src/pages/diff-text.js';

describe('addresses a webhook may not reach', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['not an address', true],
  ])('%s → %s', (address, blocked) => {
    expect(isPrivateAddress(address)).toBe(blocked);
  });

  it('checks every address a name resolves to', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await expect(checkedAddresses('mixed.example', false, resolve)).rejects.toThrow(BlockedAddress);
    await expect(checkedAddresses('mixed.example', true, resolve)).resolves.toHaveLength(2);
    await expect(checkedAddresses('public.example', false, async () => [{ address: '93.184.216.34', family: 4 }])).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(checkedAddresses('[::1]', false, resolve)).rejects.toThrow(/private or local/);
    await expect(checkedAddresses('nothing.example', false, async () => [])).rejects.toThrow(/no address/);
  });
});

describe('retries', () => {
  const created = 1_000_000;
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [6, 960_000],
    [10, 4 * 3600_000],
    [20, 4 * 3600_000],
  ])('after try %i, wait %i ms', (attempts, wait) => {
    expect(retryAt(attempts, created, created + 5)).toBe(created + 5 + wait);
  });

  it('stop 24 hours after the delivery was queued', () => {
    expect(retryAt(30, created, created + RETRY_WINDOW_MS - 4 * 3600_000)).toBe(created + RETRY_WINDOW_MS);
    expect(retryAt(30, created, created + RETRY_WINDOW_MS - 1000)).toBeNull();
  });
});

describe('subscription targets', () => {
  it.each([
    ['start', ['start', ':']],
    ['team:plan', ['team:plan', 'team:', ':']],
    ['a:b:c', ['a:b:c', 'a:b:', 'a:', ':']],
  ])('%s concerns %j', (id, targets) => {
    expect(targetsOf(id)).toEqual(targets);
  });

  it.each([
    ['team:plan', 'team:plan', true],
    ['team:plan', 'team:plans', false],
    ['team:', 'team:plan', true],
    ['team:', 'team:sub:deep', true],
    ['team:', 'teamwork:plan', false],
    [':', 'anything:at:all', true],
  ])('%s covers %s: %s', (target, id, covered) => {
    expect(covers(target, id)).toBe(covered);
  });

  it('lets the most specific subscription of each user decide', () => {
    const make = (id: number, login: string, target: string): Subscription => ({ id, login, target, style: 'every', minor: false, created: 0 });
    const chosen = mostSpecific([make(1, 'ann', ':'), make(2, 'ann', 'team:plan'), make(3, 'ann', 'team:'), make(4, 'bob', ':'), make(5, 'bob', 'team:')], targetsOf('team:plan'));
    expect(chosen.map((subscription) => subscription.id).sort()).toEqual([2, 5]);
  });
});

describe('a diff as text', () => {
  it('marks removed and added lines, and where unchanged lines were left out', () => {
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].join('\n');
    const after = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'NINE', 'ten'].join('\n');
    expect(diffAsText(diffTexts(before, after))).toBe(['@@ -1 +1 @@', '  six', '  seven', '  eight', '- nine', '+ NINE', '+ ten'].join('\n'));
    expect(diffAsText(diffTexts('', 'new\n'))).toBe('+ new');
  });
});

describe('signatures', () => {
  it('sign a webhook body with HMAC-SHA256 under its secret', () => {
    const body = '{"event":"page.saved"}';
    expect(signature('s3cret', body)).toBe(`sha256=${crypto.createHmac('sha256', 's3cret').update(body).digest('hex')}`);
    expect(signature('s3cret', `${body} `)).not.toBe(signature('s3cret', body));
  });

  it('make an unsubscribe link good for one subscription only', () => {
    const subscription = { id: 4, login: 'ann', target: 'team:', created: 123 };
    const token = unsubscribeToken('secret', subscription);
    expect(checkUnsubscribeToken('secret', subscription, token)).toBe(true);
    expect(checkUnsubscribeToken('secret', { ...subscription, id: 5 }, token)).toBe(false);
    expect(checkUnsubscribeToken('secret', { ...subscription, created: 124 }, token)).toBe(false);
    expect(checkUnsubscribeToken('other', subscription, token)).toBe(false);
    expect(checkUnsubscribeToken('secret', subscription, `${token}x`)).toBe(false);
  });
});
