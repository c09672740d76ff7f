import { deleteHandler, getHandler, patchHandler } from '@/lib/api-v1/handlers';

export const dynamic = 'force-dynamic';
type Params = { params: Promise<{ resource: string; id: string }> };

/** API v1: one record, with its ETag. */
export async function GET(req: Request, { params }: Params) {
  const { resource, id } = await params;
  return getHandler(req, resource, id);
}

/** API v1: change some fields (If-Match: 412 on a stale version). */
export async function PATCH(req: Request, { params }: Params) {
  const { resource, id } = await params;
  return patchHandler(req, resource, id);
}

/** API v1: delete (If-Match as for PATCH). */
export async function DELETE(req: Request, { params }: Params) {
  const { resource, id } = await params;
  return deleteHandler(req, resource, id);
}
