import { listWorkflowsHandler } from '@/lib/api-v1/workflows-audit';

export const dynamic = 'force-dynamic';

/** API v1: the organization's workflows. */
export function GET(req: Request) {
  return listWorkflowsHandler(req);
}
