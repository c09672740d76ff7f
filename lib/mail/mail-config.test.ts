import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { mailedLinkBase, mailStartupWarning, mailTransport } from './mail-config';

const base = { NODE_ENV: 'production', SMTP_URL: undefined, MAIL_DISABLED: '0', MAIL_DEV_OUTBOX: '0', APP_URL: 'https://crm.example' } as const;

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

describe('mailed links', () => {
  const forged = new Request('http://evil.example/api/organizations', { method: 'POST', headers: { host: 'evil.example' } });

  it('point at APP_URL, whatever Host the request named', () => {
    expect(mailedLinkBase(forged, { ...base, SMTP_URL: 'smtp://mail.example:25' })).toBe('https://crm.example');
  });

  it('are refused in production without APP_URL, and such a server refuses to start', () => {
    const noUrl = { ...base, SMTP_URL: 'smtp://mail.example:25', APP_URL: undefined };
    expect(() => mailedLinkBase(forged, noUrl)).toThrow(AppError);
    expect(() => mailStartupWarning(noUrl)).toThrow(/APP_URL is not set/);
    expect(() => mailStartupWarning({ ...noUrl, MAIL_DEV_OUTBOX: '1', SMTP_URL: undefined })).toThrow(/APP_URL/);
    // No mail at all: nothing to link to, so APP_URL is not needed.
    expect(mailStartupWarning({ ...noUrl, SMTP_URL: undefined, MAIL_DISABLED: '1' })).toMatch(/MAIL_DISABLED/);
  });

  it('use the request origin in development, where APP_URL is usually unset', () => {
    expect(mailedLinkBase(new Request('http://localhost:3000/x'), { ...base, NODE_ENV: 'development', APP_URL: undefined })).toBe('http://localhost:3000');
  });
});
