import { describe, expect, it } from 'vitest';
import { PEER_HEADER, peerStamp } from '../http/peer-address.mjs';
import { devOutboxOpenTo } from './dev-outbox-access';

const from = (ip: string) => new Headers({ [PEER_HEADER]: peerStamp(ip), 'x-forwarded-for': '127.0.0.1' });
const outboxIn = (NODE_ENV: 'production' | 'development') => ({ NODE_ENV, SMTP_URL: undefined, MAIL_DISABLED: '0', MAIL_DEV_OUTBOX: '1' }) as const;

describe('devOutboxOpenTo', () => {
  it('in production, answers only callers on this machine (by socket address, not X-Forwarded-For)', () => {
    expect(devOutboxOpenTo(from('127.0.0.1'), outboxIn('production'))).toBe(true);
    expect(devOutboxOpenTo(from('::1'), outboxIn('production'))).toBe(true);
    expect(devOutboxOpenTo(from('::ffff:127.0.0.1'), outboxIn('production'))).toBe(true);
    expect(devOutboxOpenTo(from('203.0.113.5'), outboxIn('production'))).toBe(false);
    expect(devOutboxOpenTo(from('10.0.0.2'), outboxIn('production'))).toBe(false);
    // No stamp from our server: unknown address, closed.
    expect(devOutboxOpenTo(new Headers({ 'x-forwarded-for': '127.0.0.1' }), outboxIn('production'))).toBe(false);
  });

  it('in development, answers everyone while mail goes to the outbox; never with a real transport', () => {
    expect(devOutboxOpenTo(from('203.0.113.5'), outboxIn('development'))).toBe(true);
    expect(devOutboxOpenTo(from('127.0.0.1'), { ...outboxIn('development'), SMTP_URL: 'smtp://mail.example' })).toBe(false);
    expect(devOutboxOpenTo(from('127.0.0.1'), { ...outboxIn('production'), MAIL_DEV_OUTBOX: '0', MAIL_DISABLED: '1' })).toBe(false);
  });
});
