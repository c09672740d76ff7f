import { checkReadiness } from '@/lib/observability/check-readiness';
import { workflowReadinessCheck } from '@/lib/observability/workflow-readiness';

export const dynamic = 'force-dynamic';

/** Database, Redis when configured, and the embedded workflow workers when this instance runs them. */
export async function GET() {
  const readiness = await checkReadiness({ extra: workflowReadinessCheck() });
  return Response.json(readiness, { status: readiness.ok ? 200 : 503 });
}
