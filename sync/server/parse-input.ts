import 'server-only';
import type { z } from 'zod';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { COLLECTION_NAMES, findCollection } from '@/sync/schema/collections';

/** The collection named in the URL, or 404 listing the ones that exist. */
export function requireCollection(name: string): CollectionDef {
  const def = findCollection(name);
  if (!def) throw new AppError(ErrorCode.NotFound, `Unknown collection "${name.slice(0, 60)}". Collections: ${COLLECTION_NAMES.join(', ')}.`);
  return def;
}

/** Parses an untrusted value or throws 422 naming every failing path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  throw new AppError(ErrorCode.Validation, `Invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
