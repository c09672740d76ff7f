import 'server-only';
import { env, type Env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';

/** How this server delivers mail. */
export type MailTransport = 'smtp' | 'outbox' | 'disabled';

/** What people are told when the operator turned mail off (MAIL_DISABLED=1). */
export const MAIL_DISABLED_MESSAGE =
  'This server sends no email (the operator set MAIL_DISABLED=1), so invitations and sign-up links cannot be sent. Ask the operator to configure SMTP_URL.';

/**
 * Chooses the transport from the environment, or throws when a production server has none.
 * Security: the development outbox keeps mailed links (invitations, sign-up) readable in the
 * app itself; in production that would hand an invitee's link to the inviting organization, so
 * it is used in production only when MAIL_DEV_OUTBOX=1 says so on purpose (test servers).
 */
export function mailTransport(e: Pick<Env, 'NODE_ENV' | 'SMTP_URL' | 'MAIL_DISABLED' | 'MAIL_DEV_OUTBOX'>): MailTransport {
  if (e.SMTP_URL) return 'smtp';
  if (e.MAIL_DISABLED === '1') return 'disabled';
  if (e.NODE_ENV !== 'production' || e.MAIL_DEV_OUTBOX === '1') return 'outbox';
  throw new Error(
    'SMTP_URL is not set: a production server needs a mail server for invitations and sign-up links. Set SMTP_URL (smtp[s]://user:password@host:port), or set MAIL_DISABLED=1 to run without mail (invitations and new organizations are then refused). To try the app on your own machine, MAIL_DEV_OUTBOX=1 keeps mail in the development outbox instead.',
  );
}

type MailEnv = Pick<Env, 'NODE_ENV' | 'SMTP_URL' | 'MAIL_DISABLED' | 'MAIL_DEV_OUTBOX' | 'APP_URL'>;

/**
 * The warning printed at start when production runs without real mail; null when all is well.
 * Throws (the server refuses to start) when production has no transport, or sends mail with
 * no APP_URL to build its links from.
 */
export function mailStartupWarning(e: MailEnv): string | null {
  const transport = mailTransport(e);
  if (transport !== 'disabled' && e.NODE_ENV === 'production' && !e.APP_URL) {
    throw new Error('APP_URL is not set: mailed links (sign-up, invitations) are built from it, never from a request’s Host header. Set APP_URL to the public https:// address of this server.');
  }
  if (transport === 'disabled') {
    return 'WARNING: MAIL_DISABLED=1 — this server sends no email. Invitations and new organizations are refused until SMTP_URL is set.';
  }
  if (transport === 'outbox' && e.NODE_ENV === 'production') {
    return 'WARNING: MAIL_DEV_OUTBOX=1 in production — mail is NOT sent; it is kept in the development outbox, where sign-up, invitation and password reset links (so any account) can be taken by anyone who reaches /dev/mail. Use this only for test servers.';
  }
  return null;
}

/**
 * The origin that mailed links (sign-up, invitations) point at.
 * Security: APP_URL, never the request's Host header in production: a sign-up sent with
 * `Host: evil.example` would otherwise mail a real person a working token link to the
 * attacker's site. Development and tests, where APP_URL is often unset, use the request's origin.
 */
export function mailedLinkBase(req: Request, e: MailEnv = env()): string {
  if (e.APP_URL) return e.APP_URL;
  if (e.NODE_ENV !== 'production') return new URL(req.url).origin;
  throw new AppError(ErrorCode.Unavailable, 'This server has no APP_URL configured, so it cannot send links by email.');
}
