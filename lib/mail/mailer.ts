import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { env } from '../env';

export interface MailMessage {
  /** The tenant the mail is about; the development outbox shows it to that tenant's admins. */
  tenantId: string;
  to: string;
  subject: string;
  text: string;
}

/** The one way the app sends mail. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
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
 * Development and test mailer: stores messages in `mail_outbox`, shown on /dev/outbox to the
 * tenant's admins. Used whenever SMTP_URL is unset.
 */
export function outboxMailer(db?: Database): Mailer {
  return {
    kind: 'outbox',
    async send(m) {
      await withTenant(
        m.tenantId,
        (tx) => tx.query('INSERT INTO mail_outbox (tenant_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4)', [m.tenantId, m.to, m.subject, m.text]),
        db,
      );
    },
  };
}

let cached: Mailer | undefined;

/** SMTP when SMTP_URL is set, else the development outbox. */
export function getMailer(): Mailer {
  if (cached) return cached;
  const url = env().SMTP_URL;
  if (url) {
    cached = smtpMailer(nodemailer.createTransport(url), env().MAIL_FROM);
  } else {
    if (env().NODE_ENV === 'production') console.warn('SMTP_URL is not set: mail goes to the development outbox (/dev/outbox), not to people.');
    cached = outboxMailer();
  }
  return cached;
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
