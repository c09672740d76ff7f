// Test tooling: API v1's route modules behind a fetch, dispatched by path as Next would, so a
// client (the SDK, the route tests) talks to the real handlers, key check and database.
import * as collection from './[resource]/route';
import * as one from './[resource]/[id]/route';
import * as bulk from './[resource]/bulk/route';
import * as openapi from './openapi.json/route';

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlers = (mod: object) => mod as Record<string, Handler | undefined>;

export async function routeFetch(req: Request): Promise<Response> {
  const parts = new URL(req.url).pathname.split('/').filter(Boolean);
  if (parts[0] !== 'api' || parts[1] !== 'v1') return new Response('not found', { status: 404 });
  const [resource, second] = parts.slice(2) as [string, string | undefined];
  if (resource === 'openapi.json') return openapi.GET();
  const [mod, params]: [object, Record<string, string>] =
    second === 'bulk' ? [bulk, { resource }] : second ? [one, { resource, id: second }] : [collection, { resource }];
  const handler = handlers(mod)[req.method];
  if (!handler) return new Response('method not allowed', { status: 405 });
  return handler(req, { params: Promise.resolve(params) });
}
