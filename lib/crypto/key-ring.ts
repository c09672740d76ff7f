import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '../env';

export interface KeyRing {
  /** Id of the key new secrets are encrypted under. */
  primary: string;
  keys: Map<string, Buffer>;
}

const DEV_KEY_FILE = path.join('.data', 'dev-encryption-key');

/** Parses `id:base64,id:base64`; throws on a key that is not 32 bytes. */
export function parseKeyRing(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',')) {
    const [id, b64] = part.split(':');
    if (!id || !b64) throw new Error(`ENCRYPTION_KEYS entry "${part}" is not keyId:base64key`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`ENCRYPTION_KEYS key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
    if (keys.has(id)) throw new Error(`ENCRYPTION_KEYS key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const primary = spec.split(':')[0] ?? '';
  return { primary, keys };
}

function devKeyRing(): KeyRing {
  // A developer machine gets a key generated once into .data/ so `npm start` needs no setup.
  if (!existsSync(DEV_KEY_FILE)) {
    mkdirSync(path.dirname(DEV_KEY_FILE), { recursive: true });
    writeFileSync(DEV_KEY_FILE, `dev:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  if (env().NODE_ENV === 'production') {
    console.warn(
      '\n!!! ENCRYPTION_KEYS is not set: secrets are encrypted with a development key stored in .data/.\n' +
        '!!! Set ENCRYPTION_KEYS before storing real secrets (see docs/security.md).\n',
    );
  }
  return parseKeyRing(readFileSync(DEV_KEY_FILE, 'utf8').trim());
}

let cached: KeyRing | undefined;

/** The process-wide key ring: ENCRYPTION_KEYS, or a generated development key. */
export function keyRing(): KeyRing {
  cached ??= env().ENCRYPTION_KEYS ? parseKeyRing(env().ENCRYPTION_KEYS as string) : devKeyRing();
  return cached;
}

/** For tests and key rotation commands. */
export function setKeyRing(ring: KeyRing | undefined): void {
  cached = ring;
}
