import { authorizeScrape } from '@/lib/observability/authorize-scrape';
import { metrics } from '@/lib/observability/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus scrape endpoint, behind the METRICS_TOKEN bearer token. */
export async function GET(req: Request) {
  const verdict = authorizeScrape(req);
  if (verdict === 'disabled') return Response.json({ error: { code: 'not_found', message: 'Metrics are off: set METRICS_TOKEN.' } }, { status: 404 });
  if (verdict === 'denied') return Response.json({ error: { code: 'unauthenticated', message: 'Send Authorization: Bearer <METRICS_TOKEN>.' } }, { status: 401 });
  const registry = metrics().registry;
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
