import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { smtpMailer } from './mailer';

describe('SMTP mailer', () => {
  it('builds a real RFC 5322 message through nodemailer', async () => {
    const sent: string[] = [];
    // streamTransport renders the message exactly as it would go over SMTP, without a server.
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const original = transport.sendMail.bind(transport);
    transport.sendMail = (async (opts: Parameters<typeof original>[0]) => {
      const info = await original(opts);
      sent.push(String((info as unknown as { message: Buffer }).message));
      return info;
    }) as typeof transport.sendMail;
    const mailer = smtpMailer(transport, 'CRM-AI <no-reply@crm.example>');
    expect(mailer.kind).toBe('smtp');
    await mailer.send({ tenantId: '0190a0b0-0000-7000-8000-000000000003', to: 'ada@acme.test', subject: 'You are invited', text: 'Accept: https://crm.example/invite/abc' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^From: "CRM-AI" <no-reply@crm\.example>$/m);
    expect(sent[0]).toMatch(/^To: ada@acme\.test$/m);
    expect(sent[0]).toMatch(/^Subject: You are invited$/m);
    expect(sent[0]).toContain('https://crm.example/invite/abc');
  });
});
