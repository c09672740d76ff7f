import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode, normaliseRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten distinct readable codes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
  });
  it('differs between calls', () => {
    expect(generateRecoveryCodes()).not.toEqual(generateRecoveryCodes());
  });
  it('hashes the normalised form, so typing variations match and the hash hides the code', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const h = hashRecoveryCode(code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(normaliseRecoveryCode(code));
    expect(hashRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(h);
    expect(hashRecoveryCode(code.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).not.toBe(h);
  });
  it('tells a recovery code from a TOTP code', () => {
    expect(looksLikeRecoveryCode('ABCD-EFGH-JKMN')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
