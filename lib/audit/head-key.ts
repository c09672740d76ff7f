import 'server-only';
import { createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from 'node:crypto';
import { keyRing, type KeyRing } from '../crypto/key-ring';

// Security: the audit chain's heads are signed with Ed25519 keys derived (HKDF-SHA256, a label
// of their own) from the ENCRYPTION_KEYS ring, which lives in the environment, never in the
// database: someone who can rewrite the database cannot sign a head. The distinct label means
// the signing key reveals nothing about the AES key it came from, and vice versa. Rotation is
// the ring's: heads are signed under the primary key id; older heads verify while their key
// id stays in the ring. Ed25519 (not HMAC) so an auditor verifies with the public key alone.

const HKDF_INFO = 'crm-ai audit-head signing key (Ed25519) v1';
const HKDF_SALT = 'crm-ai/audit-heads';
/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

interface HeadKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const cache = new WeakMap<Buffer, HeadKey>();

function derive(secret: Buffer): HeadKey {
  let key = cache.get(secret);
  if (!key) {
    const seed = Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    key = { privateKey, publicKey: createPublicKey(privateKey) };
    cache.set(secret, key);
  }
  return key;
}

/** Signs `message` with the primary key's signing key; returns the key id and a base64 signature. */
export function signWithHeadKey(message: string, ring: KeyRing = keyRing()): { keyId: string; signature: string } {
  const secret = ring.keys.get(ring.primary);
  if (!secret) throw new Error('primary encryption key missing from the key ring');
  return { keyId: ring.primary, signature: sign(null, Buffer.from(message, 'utf8'), derive(secret).privateKey).toString('base64') };
}

/** 'ok', 'bad_signature', or 'unknown_key' when the key id is no longer in the ring. */
export function verifyWithHeadKey(message: string, keyId: string, signature: string, ring: KeyRing = keyRing()): 'ok' | 'bad_signature' | 'unknown_key' {
  const secret = ring.keys.get(keyId);
  if (!secret) return 'unknown_key';
  try {
    return verify(null, Buffer.from(message, 'utf8'), derive(secret).publicKey, Buffer.from(signature, 'base64')) ? 'ok' : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}

/** The public keys of every key id in the ring, as JWKs (kty OKP, crv Ed25519), for offline verification. */
export function headPublicKeys(ring: KeyRing = keyRing()): Record<string, JsonWebKey> {
  return Object.fromEntries([...ring.keys].map(([id, secret]) => [id, { ...derive(secret).publicKey.export({ format: 'jwk' }), kid: id }]));
}
