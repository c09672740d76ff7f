import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { contactSearchQuery } from '@/lib/privacy/privacy-schemas';
import { searchContactsForPrivacy } from '@/lib/privacy/search-contacts';
import { searchParams } from '@/lib/workflows/route-params';

export const dynamic = 'force-dynamic';

/** Live contacts whose name or email contains `?q=` (at most 20), to choose whom a privacy request is about. */
export function GET(req: Request) {
  return withSession(req, { permission: 'privacy:manage' }, async ({ ctx }) => {
    const q = contactSearchQuery.safeParse(searchParams(req));
    if (!q.success) throw new AppError(ErrorCode.Validation, `Invalid search: ${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, q.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message })));
    return { contacts: await searchContactsForPrivacy(ctx, q.data) };
  });
}
