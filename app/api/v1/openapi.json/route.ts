import { openApiDocument } from '@/lib/api-v1/openapi';

export const dynamic = 'force-static';

/** API v1's OpenAPI 3.1 document, generated from the schemas the server validates with. Public. */
export function GET() {
  return Response.json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
