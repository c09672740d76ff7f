import { getRunHandler } from '@/lib/api-v1/workflows-audit';

export const dynamic = 'force-dynamic';

/** API v1: one run with its steps. */
export async function GET(req: Request, { params }: { params: Promise<{ runId: string }> }) {
  return getRunHandler(req, (await params).runId);
}
