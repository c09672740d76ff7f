import { describe, expect, it } from 'vitest';
import { mailStartupWarning, mailTransport } from './mail-config';

const base = { NODE_ENV: 'production', SMTP_URL: undefined, MAIL_DISABLED: '0', MAIL_DEV_OUTBOX: '0' } as const;

describe('mail transport (issue 13, item 6)', () => {
  it('a production server without SMTP_URL refuses to start, naming the way out', () => {
    expect(() => mailTransport(base)).toThrow(/SMTP_URL is not set.*MAIL_DISABLED=1/);
    expect(() => mailStartupWarning(base)).toThrow(/SMTP_URL/);
  });

  it('the development outbox is never chosen in production unless MAIL_DEV_OUTBOX=1 says so, loudly', () => {
    expect(mailTransport({ ...base, NODE_ENV: 'development' })).toBe('outbox');
    expect(mailTransport({ ...base, NODE_ENV: 'test' })).toBe('outbox');
    expect(mailStartupWarning({ ...base, NODE_ENV: 'development' })).toBeNull();
    expect(mailTransport({ ...base, MAIL_DEV_OUTBOX: '1' })).toBe('outbox');
    expect(mailStartupWarning({ ...base, MAIL_DEV_OUTBOX: '1' })).toMatch(/^WARNING: MAIL_DEV_OUTBOX=1/);
  });

  it('MAIL_DISABLED=1 runs without mail and says so; SMTP_URL always wins', () => {
    expect(mailTransport({ ...base, MAIL_DISABLED: '1' })).toBe('disabled');
    expect(mailStartupWarning({ ...base, MAIL_DISABLED: '1' })).toMatch(/^WARNING: MAIL_DISABLED=1/);
    expect(mailTransport({ ...base, SMTP_URL: 'smtp://mail.example:25', MAIL_DISABLED: '1' })).toBe('smtp');
    expect(mailStartupWarning({ ...base, SMTP_URL: 'smtp://mail.example:25' })).toBeNull();
  });
});
