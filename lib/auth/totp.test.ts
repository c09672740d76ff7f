import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, totpCodeAt, totpUri } from './totp';

// A fixed instant in the middle of a 30-second step, so ±1 step is unambiguous.
const T = 1_800_000_015;
const step = Math.floor(T / 30);

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('accepts the current code and reports its step', async () => {
    const code = await totpCodeAt(secret, T);
    expect(await checkTotp(secret, code, 0, T)).toEqual({ ok: true, step });
  });

  it('accepts one step of drift either way, not two', async () => {
    expect(await checkTotp(secret, await totpCodeAt(secret, T - 30), 0, T)).toEqual({ ok: true, step: step - 1 });
    expect(await checkTotp(secret, await totpCodeAt(secret, T + 30), 0, T)).toEqual({ ok: true, step: step + 1 });
    expect((await checkTotp(secret, await totpCodeAt(secret, T - 60), 0, T)).ok).toBe(false);
    expect((await checkTotp(secret, await totpCodeAt(secret, T + 60), 0, T)).ok).toBe(false);
  });

  it('refuses a code of an already used step (replay) and of an earlier step', async () => {
    const code = await totpCodeAt(secret, T);
    expect(await checkTotp(secret, code, step, T)).toEqual({ ok: false, reason: 'replayed' });
    const previous = await totpCodeAt(secret, T - 30);
    expect(await checkTotp(secret, previous, step, T)).toEqual({ ok: false, reason: 'replayed' });
    // The next step is still fine after the current one was used.
    expect(await checkTotp(secret, await totpCodeAt(secret, T + 30), step, T)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses wrong, malformed and other-secret codes; accepts pasted spacing', async () => {
    const code = await totpCodeAt(secret, T);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await checkTotp(secret, wrong, 0, T)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkTotp(secret, 'abcdef', 0, T)).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkTotp(newTotpSecret(), code, 0, T)).toEqual({ ok: false, reason: 'invalid' });
    expect((await checkTotp(secret, ` ${code.slice(0, 3)} ${code.slice(3)} `, 0, T)).ok).toBe(true);
  });

  it('builds an otpauth URI with issuer, account and secret', () => {
    const uri = totpUri('CRM-AI', 'ada@acme.test', secret);
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('issuer=CRM-AI');
  });
});
