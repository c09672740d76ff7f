import { z } from 'zod';
import { withSession } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { readJson } from '@/lib/http/read-json';
import { updateMember, updateMemberSchema } from '@/lib/tenancy/members';

type Ctx = { params: Promise<{ userId: string }> };

/** Changes a member's role, team or territories, or deactivates/reactivates them. */
export function PATCH(req: Request, { params }: Ctx) {
  return withSession(req, { permission: 'members:manage' }, async ({ ctx }) => {
    const userId = z.uuid().safeParse((await params).userId);
    if (!userId.success) throw new AppError(ErrorCode.NotFound, 'No such member in this organization.');
    await updateMember(ctx, userId.data, await readJson(req, updateMemberSchema, 16_000));
    return { ok: true };
  });
}
