import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDb } from '../db/open-database';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { AppError } from '../http/app-error';
import { resetLimiters } from '../ratelimit/limiter';
import { LIMITS } from './auth-config';
import { changePassword } from './change-password';
import { signInWithPassword } from './sign-in';
import { FIXTURE_PASSWORD, seedAuthFixture, type Fixture } from './testing-fixtures';

// Issue 13, item 1, the class: every password check goes through the account lockout. The
// sign-up form used to check an existing account's password outside it (8 guesses, no count).

const ROOT = process.cwd();
/** The only modules that may check a password, each through the shared lockout counters. */
const CHECKERS = ['lib/auth/sign-in.ts', 'lib/auth/change-password.ts'];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(rel);
    return /\.(ts|tsx|mts|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('password checks (source)', () => {
  it('only the sign-in and password-change modules call verifyPassword, and both count failures on the shared account key', () => {
    const callers = ['app', 'lib', 'components', 'sync', 'scripts']
      .flatMap(sources)
      .filter((file) => file !== path.join('lib', 'auth', 'password.ts') && /\bverifyPassword\s*\(/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(callers.sort()).toEqual([...CHECKERS].sort());
    for (const file of CHECKERS) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const needed of ['passwordAttemptKeys(', 'assertNotLocked(', 'recordFailedAttempt(']) expect(text, `${file} must call ${needed}`).toContain(needed);
    }
  });
});

describe('password checks (behaviour)', () => {
  let t: TestDatabase;
  let f: Fixture;
  beforeAll(async () => {
    t = await createTestDatabase();
    setDb(t.db);
    f = await seedAuthFixture(t.db);
  });
  afterAll(async () => {
    setDb(undefined);
    await t.dispose();
  });

  it('wrong current passwords on the password-change form lock the account’s sign-in too', async () => {
    resetLimiters();
    for (let i = 0; i < LIMITS.accountFailures; i++) {
      await expect(changePassword(f.users.rep.id, { currentPassword: `wrong guess ${i}`, newPassword: 'a new long passphrase 7' }, { ip: `10.7.0.${i}` })).rejects.toBeInstanceOf(AppError);
    }
    const locked = await signInWithPassword({ email: f.users.rep.email, password: FIXTURE_PASSWORD }, { ip: '10.7.1.1' }).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(AppError);
    expect((locked as AppError).status).toBe(429);
    // And the other way round: the locked account cannot be probed through the change form.
    const probe = await changePassword(f.users.rep.id, { currentPassword: FIXTURE_PASSWORD, newPassword: 'a new long passphrase 7' }, { ip: '10.7.1.2' }).catch((e: unknown) => e);
    expect((probe as AppError).status).toBe(429);
  });
});
