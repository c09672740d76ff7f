import { handle } from '@/lib/auth/with-session';
import { getDb } from '@/lib/db/open-database';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { readJson } from '@/lib/http/read-json';
import { createTestTenant, testTenantRequestSchema, testTenantsOpenTo } from '@/lib/seed/test-tenants';

/** Browser-test servers only (lib/seed/test-tenants.ts): a fresh seeded tenant and its logins. */
export function POST(req: Request) {
  return handle(req, async () => {
    if (!testTenantsOpenTo(req.headers)) throw new AppError(ErrorCode.NotFound, 'Not found.');
    const { label } = await readJson(req, testTenantRequestSchema, 1_000);
    return Response.json(await createTestTenant(await getDb(), label), { status: 201 });
  });
}
