import 'server-only';
import { hash, verify } from '@node-rs/argon2';

// OWASP password storage cheat sheet, argon2id: 19 MiB memory, 2 iterations, 1 lane.
// `Algorithm` is an ambient const enum we cannot import under isolatedModules; 2 is Argon2id.
const ARGON2_ID = 2;
const ARGON2_OPTIONS = { algorithm: ARGON2_ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (PHC string with its own salt and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Checks a password against a stored hash; false for malformed hashes too. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
