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
