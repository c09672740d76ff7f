import { handle } from '@/lib/auth/with-session';
import { readJsonText } from '@/lib/http/read-json';
import { HOOK_MAX_BYTES, receiveHook } from '@/lib/workflows/receive-hook';
import { parseId } from '@/lib/workflows/route-params';
import { getWorkflowEngine } from '@/lib/workflows/start-workers';
import { SIGNATURE_HEADER } from '@/lib/workflows/webhook-delivery';

type Params = { params: Promise<{ id: string }> };

/**
 * Incoming webhook trigger. Public: authenticated by the workflow's HMAC signature, never a
 * session; rate limited per IP by `handle`. 202: the run is queued.
 */
export function POST(req: Request, { params }: Params) {
  return handle(req, async () => {
    const id = parseId((await params).id, 'webhook');
    // Security: the body is read (within its limit) only after the id, the hook's secret and a
    // well-formed, fresh signature header have been checked: unknown ids and unsigned requests
    // are refused without reading a byte of it.
    const body = () => readJsonText(req, HOOK_MAX_BYTES);
    return Response.json(await receiveHook(await getWorkflowEngine(), id, body, req.headers.get(SIGNATURE_HEADER)), { status: 202 });
  });
}
