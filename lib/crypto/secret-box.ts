import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyRing, type KeyRing } from './key-ring';

// Format: v1.<keyId>.<iv>.<ciphertext+tag>, base64url parts. The key id lets old secrets stay
// readable after a new primary key is added; re-encryption moves them to it.
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a secret with AES-256-GCM under the primary key. `context` (e.g. `totp:<userId>`)
 * is authenticated but not stored: a ciphertext copied to another row will not decrypt.
 */
export function encryptSecret(plaintext: string, context: string, ring: KeyRing = keyRing()): string {
  const key = ring.keys.get(ring.primary);
  if (!key) throw new Error('primary encryption key missing from the key ring');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.primary, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** Decrypts a value made by encryptSecret; throws if it was tampered with or the key is unknown. */
export function decryptSecret(sealed: string, context: string, ring: KeyRing = keyRing()): string {
  const [version, keyId, ivPart, bodyPart] = sealed.split('.');
  if (version !== VERSION || !keyId || !ivPart || !bodyPart) throw new Error('not a sealed secret');
  const key = ring.keys.get(keyId);
  if (!key) throw new Error(`secret was encrypted with key "${keyId}", which is not in ENCRYPTION_KEYS`);
  const body = Buffer.from(bodyPart, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivPart, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** True when the secret is sealed under a key other than the primary (rotation pending). */
export function needsReEncryption(sealed: string, ring: KeyRing = keyRing()): boolean {
  return sealed.split('.')[1] !== ring.primary;
}

/** Re-seals a secret under the primary key (key rotation). */
export function reEncryptSecret(sealed: string, context: string, ring: KeyRing = keyRing()): string {
  return encryptSecret(decryptSecret(sealed, context, ring), context, ring);
}
