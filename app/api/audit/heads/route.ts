import { withSession } from '@/lib/auth/with-session';
import { exportSignedHeads, signAuditHeadNow } from '@/lib/audit/audit-service';

/** Download of every signed head of the organization's audit chain, with the public keys to check them offline. */
export function GET(req: Request) {
  return withSession(req, { permission: 'audit:read' }, async ({ ctx }) => {
    const body = JSON.stringify(await exportSignedHeads(ctx), null, 2);
    return new Response(body, { headers: { 'content-type': 'application/json', 'content-disposition': 'attachment; filename="audit-signed-heads.json"' } });
  });
}

/** Signs the chain's current head now (besides the hourly signature); limited per organization. */
export function POST(req: Request) {
  return withSession(req, { permission: 'audit:sign' }, async ({ ctx }) => ({ head: await signAuditHeadNow(ctx) }));
}
