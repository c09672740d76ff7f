import { withSession } from '@/lib/auth/with-session';
import { mailedLinkBase } from '@/lib/mail/mail-config';
import { readJson } from '@/lib/http/read-json';
import { getMailer } from '@/lib/mail/mailer';
import { createInvite, createInviteSchema } from '@/lib/tenancy/invites';

/** Invites someone by email (the link is mailed, never returned). */
export function POST(req: Request) {
  return withSession(req, { permission: 'members:manage' }, async ({ ctx }) => {
    const input = await readJson(req, createInviteSchema, 2_000);
    const invite = await createInvite(ctx, input, mailedLinkBase(req), getMailer());
    return Response.json(invite, { status: 201 });
  });
}
