import { assertSignupAllowed } from '@/lib/auth/attempt-limits';
import { handle, requestMeta } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { createOrganization, createOrganizationSchema } from '@/lib/tenancy/create-organization';

/** Creates an organization from the sign-in page; its creator becomes the owner. */
export function POST(req: Request) {
  return handle(req, async () => {
    const meta = requestMeta(req);
    await assertSignupAllowed(meta.ip);
    const input = await readJson(req, createOrganizationSchema, 4_000);
    const { tenantId } = await createOrganization(input, meta);
    return Response.json({ tenantId }, { status: 201 });
  });
}
