// Test tooling: API v1's route modules behind a fetch, dispatched by path as Next would, so a
// client (the SDK, the route tests) talks to the real handlers, key check and database.
import * as collection from './[resource]/route';
import * as one from './[resource]/[id]/route';
import * as bulk from './[resource]/bulk/route';
import * as audit from './audit/route';
import * as openapi from './openapi.json/route';
import * as workflows from './workflows/route';
import * as workflowRuns from './workflows/[id]/runs/route';
import * as run from './workflows/runs/[runId]/route';

type Handler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const handlers = (mod: object) => mod as Record<string, Handler | undefined>;

/** The route module and its params for a path under /api/v1 (static segments win, as in Next). */
function routeOf(parts: string[]): [object, Record<string, string>] | null {
  const [first, second, third] = parts;
  if (first === 'openapi.json') return [openapi, {}];
  if (first === 'audit' && !second) return [audit, {}];
  if (first === 'workflows') {
    if (!second) return [workflows, {}];
    if (second === 'runs' && third) return [run, { runId: third }];
    if (third === 'runs') return [workflowRuns, { id: second }];
    return null;
  }
  if (!first) return null;
  if (second === 'bulk') return [bulk, { resource: first }];
  return second ? [one, { resource: first, id: second }] : [collection, { resource: first }];
}

export async function routeFetch(req: Request): Promise<Response> {
  const parts = new URL(req.url).pathname.split('/').filter(Boolean);
  const route = parts[0] === 'api' && parts[1] === 'v1' ? routeOf(parts.slice(2)) : null;
  if (!route) return new Response('not found', { status: 404 });
  const handler = handlers(route[0])[req.method];
  if (!handler) return new Response('method not allowed', { status: 405 });
  return handler(req, { params: Promise.resolve(route[1]) });
}
