import { describe, expect, it } from 'vitest';
import { allowlistSchema, isAllowed, parseCidr } from './ip-allowlist';

describe('IP allowlist', () => {
  const ranges = ['203.0.113.0/24', '2001:db8:abcd::/48', '198.51.100.7'];

  it('allows everything when empty', () => {
    expect(isAllowed('8.8.8.8', [])).toBe(true);
  });

  it('matches IPv4 ranges and single addresses', () => {
    expect(isAllowed('203.0.113.200', ranges)).toBe(true);
    expect(isAllowed('203.0.114.1', ranges)).toBe(false);
    expect(isAllowed('198.51.100.7', ranges)).toBe(true);
    expect(isAllowed('198.51.100.8', ranges)).toBe(false);
  });

  it('matches IPv6 ranges', () => {
    expect(isAllowed('2001:db8:abcd:12::1', ranges)).toBe(true);
    expect(isAllowed('2001:db8:abce::1', ranges)).toBe(false);
    expect(isAllowed('::1', ranges)).toBe(false);
  });

  it('treats IPv4-mapped IPv6 as IPv4, both as address and as range', () => {
    expect(isAllowed('::ffff:203.0.113.9', ranges)).toBe(true);
    expect(isAllowed('::ffff:10.0.0.1', ranges)).toBe(false);
    expect(isAllowed('203.0.113.9', ['::ffff:203.0.113.0/120'])).toBe(true);
  });

  it('rejects garbage addresses instead of allowing them', () => {
    expect(isAllowed('not-an-ip', ranges)).toBe(false);
    expect(isAllowed(undefined, ranges)).toBe(false);
  });

  it('validates entries with a message naming the bad one', () => {
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    const result = allowlistSchema.safeParse(['10.0.0.0/8', '300.1.1.1']);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"300.1.1.1"');
  });
});
