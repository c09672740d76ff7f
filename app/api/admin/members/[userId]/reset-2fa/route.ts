import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { resetMemberTotp } from '@/lib/tenancy/members';

type Ctx = { params: Promise<{ userId: string }> };

/** Removes a member's second factor (lost device); they enroll again at next sign-in. */
export function POST(req: Request, { params }: Ctx) {
  return withSession(req, { permission: 'members:manage' }, async ({ ctx }) => {
    const userId = z.uuid().safeParse((await params).userId);
    if (!userId.success) throw new AppError(ErrorCode.NotFound, 'No such member in this organization.');
    await resetMemberTotp(ctx, userId.data);
    return { ok: true };
  });
}
