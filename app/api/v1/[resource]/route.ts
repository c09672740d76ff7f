import { createHandler, listHandler } from '@/lib/api-v1/handlers';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ resource: string }> };

/** API v1: a page of records (cursor, filters, sort, search). */
export async function GET(req: Request, { params }: Params) {
  return listHandler(req, (await params).resource);
}

/** API v1: create a record (Idempotency-Key honoured for 24 h). */
export async function POST(req: Request, { params }: Params) {
  return createHandler(req, (await params).resource);
}
