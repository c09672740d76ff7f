import 'server-only';
import { env, type Env } from '../env';
import { clientIp, isLoopback } from '../http/client-ip';
import { mailTransport } from './mail-config';

/**
 * Whether the development outbox (/dev/mail, /dev/outbox, /api/dev/mail) answers this request:
 * only while mail goes to the outbox, and in a production build only to this machine.
 * Security: `npm start` keeps sign-up and invite links in the outbox for its local trial, so
 * whoever reaches those pages can take over a pending sign-up. In production the caller must be
 * loopback, by clientIp (the socket address unless TRUSTED_PROXY_HOPS says proxies forward;
 * never a client-written header); everyone else gets the same 404 as a server without outbox.
 */
export function devOutboxOpenTo(headers: Headers, e: Pick<Env, 'NODE_ENV' | 'SMTP_URL' | 'MAIL_DISABLED' | 'MAIL_DEV_OUTBOX'> = env()): boolean {
  if (mailTransport(e) !== 'outbox') return false;
  return e.NODE_ENV !== 'production' || isLoopback(clientIp(headers));
}
