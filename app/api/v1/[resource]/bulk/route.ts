import { bulkHandler } from '@/lib/api-v1/handlers';

export const dynamic = 'force-dynamic';

/** API v1: create or update up to 1,000 records, with a result per item. */
export async function POST(req: Request, { params }: { params: Promise<{ resource: string }> }) {
  return bulkHandler(req, (await params).resource);
}
