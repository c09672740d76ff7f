import { listRunsHandler, startRunHandler } from '@/lib/api-v1/workflows-audit';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ id: string }> };

/** API v1: a workflow's runs, newest first. */
export async function GET(req: Request, { params }: Params) {
  return listRunsHandler(req, (await params).id);
}

/** API v1: start a manual run of the published version (Idempotency-Key honoured). */
export async function POST(req: Request, { params }: Params) {
  return startRunHandler(req, (await params).id);
}
