// Auth costs per operation: argon2id hash/verify at OWASP parameters (the sign-in floor),
// TOTP verification, and the common-password check. Prints figures; never fails a build.
// Run: npx tsx --conditions=react-server bench/auth.ts
import { hashPassword, verifyPassword } from '../lib/auth/password';
import { isCommonPassword } from '../lib/auth/password-policy';
import { checkTotp, newTotpSecret, totpCodeAt } from '../lib/auth/totp';

async function time(label: string, runs: number, fn: () => Promise<unknown> | unknown): Promise<void> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const ms = (performance.now() - start) / runs;
  console.log(`${label.padEnd(40)} ${ms.toFixed(3).padStart(10)} ms/op  (${runs} runs)`);
}

const hash = await hashPassword('lilac tractor mends 42 socks');
await time('argon2id hash (19 MiB, t=2, p=1)', 20, () => hashPassword('lilac tractor mends 42 socks'));
await time('argon2id verify', 20, () => verifyPassword(hash, 'lilac tractor mends 42 socks'));
const secret = newTotpSecret();
const now = Date.now() / 1000;
const code = await totpCodeAt(secret, now);
await time('TOTP verify (±1 step)', 500, () => checkTotp(secret, code, 0, now));
await time('common-password lookup', 10_000, () => isCommonPassword('correct horse battery staple'));
