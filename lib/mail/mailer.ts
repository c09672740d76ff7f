import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db/types';
import { withSystem, withTenant } from '../db/with-tenant';
import { env } from '../env';
import { AppError, ErrorCode } from '../http/app-error';
import { MAIL_DISABLED_MESSAGE, mailTransport, type MailTransport } from './mail-config';

export interface MailMessage {
  /**
   * The tenant the mail is about; the development outbox shows it to that tenant's admins.
   * None for mail about no organization yet (sign-up links): the outbox keeps those apart.
   */
  tenantId?: string;
  to: string;
  subject: string;
  text: string;
}

/** The one way the app sends mail. */
export interface Mailer {
  readonly kind: MailTransport;
  send(message: MailMessage): Promise<void>;
}

/** Real delivery through an SMTP server (nodemailer). */
export function smtpMailer(transport: Transporter, from: string): Mailer {
  return {
    kind: 'smtp',
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

/**
 * Development and test mailer: stores messages in `mail_outbox` (shown on /dev/outbox to the
 * tenant's admins) or, for mail about no tenant, in `dev_mail_outbox` (/dev/mail). Used when
 * SMTP_URL is unset outside production, or with MAIL_DEV_OUTBOX=1 (lib/mail/mail-config.ts).
 */
export function outboxMailer(db?: Database): Mailer {
  return {
    kind: 'outbox',
    async send(m) {
      const { tenantId } = m;
      if (!tenantId) {
        await withSystem((tx) => tx.query('INSERT INTO dev_mail_outbox (to_address, subject, body_text) VALUES ($1, $2, $3)', [m.to, m.subject, m.text]), db);
        return;
      }
      await withTenant(
        tenantId,
        (tx) => tx.query('INSERT INTO mail_outbox (tenant_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4)', [tenantId, m.to, m.subject, m.text]),
        db,
      );
    },
  };
}

/** MAIL_DISABLED=1: every send is refused with a message people can act on (503). */
export function disabledMailer(): Mailer {
  return {
    kind: 'disabled',
    async send() {
      throw new AppError(ErrorCode.Unavailable, MAIL_DISABLED_MESSAGE);
    },
  };
}

/** Throws the MAIL_DISABLED 503 before any work is done for a mail that cannot be sent. */
export function assertCanSend(mailer: Mailer): void {
  if (mailer.kind === 'disabled') throw new AppError(ErrorCode.Unavailable, MAIL_DISABLED_MESSAGE);
}

let cached: { mailer: Mailer; key: string } | undefined;

/** SMTP when SMTP_URL is set; else the outbox (development) or refusal (MAIL_DISABLED=1). */
export function getMailer(): Mailer {
  const e = env();
  const transport = mailTransport(e);
  const key = `${transport}:${e.SMTP_URL ?? ''}`;
  if (cached?.key === key) return cached.mailer;
  const mailer = transport === 'smtp' ? smtpMailer(nodemailer.createTransport(e.SMTP_URL!), e.MAIL_FROM) : transport === 'disabled' ? disabledMailer() : outboxMailer();
  cached = { mailer, key };
  return mailer;
}

export interface OutboxEntry {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** The newest outbox messages of a tenant. */
export async function listOutbox(tenantId: string, limit = 50, db?: Database): Promise<OutboxEntry[]> {
  return withTenant(
    tenantId,
    async (tx) => {
      const r = await tx.query<{ id: number; to_address: string; subject: string; body_text: string; created_at: string }>(
        'SELECT id, to_address, subject, body_text, created_at FROM mail_outbox ORDER BY id DESC LIMIT $1',
        [limit],
      );
      return r.rows.map((x) => ({ id: Number(x.id), to: x.to_address, subject: x.subject, text: x.body_text, createdAt: x.created_at }));
    },
    db,
  );
}

/** The newest mail about no organization (sign-up links) sent to `to`, from the development outbox. */
export async function listDevMail(to: string, limit = 20, db?: Database): Promise<OutboxEntry[]> {
  return withSystem(async (tx) => {
    const r = await tx.query<{ id: number; to_address: string; subject: string; body_text: string; created_at: string }>(
      'SELECT id, to_address, subject, body_text, created_at FROM dev_mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT $2',
      [to, limit],
    );
    return r.rows.map((x) => ({ id: Number(x.id), to: x.to_address, subject: x.subject, text: x.body_text, createdAt: x.created_at }));
  }, db);
}
