import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { contactIdQuery, contactSearchQuery } from '@/lib/privacy/privacy-schemas';
import { contactForPrivacy, searchContactsForPrivacy } from '@/lib/privacy/search-contacts';
import { parseQuery } from '@/lib/workflows/route-params';

export const dynamic = 'force-dynamic';

/**
 * Live contacts whose name or email contains `?q=` (at most 20), to choose whom a privacy
 * request is about; or `?id=`, the one contact a privacy link from its page names (404 when the
 * organization has no such live contact).
 */
export function GET(req: Request) {
  return withSession(req, { permission: 'privacy:manage' }, async ({ ctx }) => {
    if (new URL(req.url).searchParams.has('id')) {
      const contact = await contactForPrivacy(ctx, parseQuery(req, contactIdQuery).id);
      if (!contact) throw new AppError(ErrorCode.NotFound, 'No such contact.');
      return { contacts: [contact] };
    }
    return { contacts: await searchContactsForPrivacy(ctx, parseQuery(req, contactSearchQuery)) };
  });
}
