import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { exportContact } from '@/lib/privacy/export-contact';
import { exportContactInput } from '@/lib/privacy/privacy-schemas';

export const dynamic = 'force-dynamic';

/** Everything held about a contact as a file (`format` json or csv); recorded and audited as a privacy request. */
export function POST(req: Request) {
  return withSession(req, { permission: 'privacy:manage' }, async ({ ctx }) => {
    const input = await readJson(req, exportContactInput, 1_000);
    const file = await exportContact(ctx, input.contactId, input.format);
    return new Response(file.body, {
      headers: {
        'content-type': file.contentType === 'text/csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'content-disposition': `attachment; filename="${file.fileName}"`,
        // Security: the person's data must not linger in a shared cache.
        'cache-control': 'no-store',
      },
    });
  });
}
