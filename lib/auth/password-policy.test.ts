import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { isCommonPassword, newPasswordSchema } from './password-policy';

describe('password hashing', () => {
  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    // PHC string: algorithm, version, memory (KiB), iterations, lanes.
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
  });
  it('salts every hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });
  it('treats a malformed stored hash as a mismatch, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('password policy', () => {
  it('rejects short and common passwords, accepts long uncommon ones', () => {
    expect(newPasswordSchema.safeParse('short1').success).toBe(false);
    expect(isCommonPassword('password1')).toBe(true);
    expect(isCommonPassword('PassWord1')).toBe(true);
    expect(newPasswordSchema.safeParse('12345678').success).toBe(false);
    expect(newPasswordSchema.safeParse('iloveyou').success).toBe(false);
    expect(newPasswordSchema.safeParse('lilac tractor mends 42 socks').success).toBe(true);
  });
  it('explains what is wrong', () => {
    const r = newPasswordSchema.safeParse('qwertyuiop');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/most common/);
  });
});
