export const dynamic = 'force-dynamic';

/** Liveness: the process answers. No dependency checks, so a slow database never restarts it. */
export function GET() {
  return Response.json({ ok: true });
}
