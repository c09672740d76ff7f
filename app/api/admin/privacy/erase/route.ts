import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { eraseContact } from '@/lib/privacy/erase-contact';
import { eraseContactInput } from '@/lib/privacy/privacy-schemas';

export const dynamic = 'force-dynamic';

/** Erases a contact everywhere (`confirm: true` required); answers with the recorded request and its counts. */
export function POST(req: Request) {
  return withSession(req, { permission: 'privacy:manage' }, async ({ ctx }) => {
    const input = await readJson(req, eraseContactInput, 1_000);
    return { request: await eraseContact(ctx, input.contactId) };
  });
}
