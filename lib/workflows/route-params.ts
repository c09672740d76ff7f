import 'server-only';
import { z } from 'zod';
import { AppError, ErrorCode } from '../http/app-error';

const uuid = z.uuid();

/** A path id: a malformed one is "not found" (never a database error, never a 500). */
export function parseId(raw: string, what: string): string {
  const r = uuid.safeParse(raw);
  if (!r.success) throw new AppError(ErrorCode.NotFound, `No such ${what}`);
  return r.data;
}

/** Query parameters as a plain object, for zod. */
export function searchParams(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}

/** The request's query parameters as `schema` reads them, or 422 naming each bad parameter. */
export function parseQuery<T>(req: Request, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(searchParams(req));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(query)', message: i.message }));
  throw new AppError(ErrorCode.Validation, `Invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
