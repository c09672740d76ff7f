import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseKeyRing } from './key-ring';
import { decryptSecret, encryptSecret, needsReEncryption, reEncryptSecret } from './secret-box';

const k = () => randomBytes(32).toString('base64');
const oldKey = k();
const newKey = k();
const ringOld = parseKeyRing(`old:${oldKey}`);
const ringRotated = parseKeyRing(`new:${newKey},old:${oldKey}`);

describe('secret box', () => {
  it('round-trips and never stores the plaintext', () => {
    const sealed = encryptSecret('JBSWY3DPEHPK3PXP', 'totp:u1', ringOld);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(decryptSecret(sealed, 'totp:u1', ringOld)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', 'c', ringOld)).not.toBe(encryptSecret('same', 'c', ringOld));
  });

  it('refuses a tampered ciphertext or a different context', () => {
    const sealed = encryptSecret('secret', 'totp:u1', ringOld);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'totp:u1', ringOld)).toThrow();
    expect(() => decryptSecret(sealed, 'totp:u2', ringOld)).toThrow();
  });

  it('rotates: old secrets stay readable, re-encryption moves them to the new key', () => {
    const sealed = encryptSecret('secret', 'ctx', ringOld);
    expect(decryptSecret(sealed, 'ctx', ringRotated)).toBe('secret');
    expect(needsReEncryption(sealed, ringRotated)).toBe(true);
    const moved = reEncryptSecret(sealed, 'ctx', ringRotated);
    expect(moved.split('.')[1]).toBe('new');
    expect(needsReEncryption(moved, ringRotated)).toBe(false);
    expect(() => decryptSecret(moved, 'ctx', ringOld)).toThrow(/not in ENCRYPTION_KEYS/);
  });

  it('rejects malformed key rings', () => {
    expect(() => parseKeyRing('a:short')).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`a:${oldKey},a:${newKey}`)).toThrow(/twice/);
  });
});
