import 'server-only';
import type { z } from 'zod';
import type { SessionContext } from '../auth/session-context';
import type { Database } from '../db/types';
import { withTenant } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';
import { docJsonSql } from './record-sql';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';

// The query's rules are shared with the screens that search (search-query.ts).
import { MAX_SEARCH_RESULTS, searchQuerySchema } from './search-query';

export { MAX_SEARCH_RESULTS, searchQuerySchema };

/** Columns the online search looks in, and the one it sorts by, per collection. */
const SEARCHED: Record<string, { columns: string[]; order: string }> = {
  companies: { columns: ['name', 'domain', 'city', 'country', 'industry'], order: 'name' },
  contacts: { columns: ["first_name || ' ' || last_name", 'email', 'phone', 'title'], order: 'last_name, first_name' },
  deals: { columns: ['name'], order: 'name' },
  activities: { columns: ['subject'], order: 'coalesce(due_at, occurred_at, created_at) DESC' },
};

/** The SQL expressions a text search of `def` looks in (API v1's `q` too). */
export function searchedColumns(def: CollectionDef): string[] {
  return SEARCHED[def.name]?.columns ?? ['name'];
}

/** `?q=...&limit=...` of an online search, or 422 naming the parameter. */
export function parseSearchQuery(params: URLSearchParams): z.infer<typeof searchQuerySchema> {
  const parsed = searchQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw new AppError(ErrorCode.Validation, parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return parsed.data;
}

/**
 * The tenant's live records of `def` whose searched columns contain `q` (any case), online:
 * for managers and admins whose phones hold only their own records (sync scopes), the rest of
 * the organization. Tenant isolation: read in the caller's tenant transaction (RLS).
 */
export async function searchRecords(ctx: SessionContext, def: CollectionDef, query: z.infer<typeof searchQuerySchema>, db?: Database): Promise<AnyWireDoc[]> {
  const searched = SEARCHED[def.name];
  if (!searched) throw new AppError(ErrorCode.NotFound, `${def.name} cannot be searched online.`);
  // LIKE's own wildcards in the query are searched for as characters.
  const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return withTenant(
    ctx.tenantId,
    async (tx) =>
      (
        await tx.query<{ doc: string }>(
          `SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table}
           WHERE tenant_id = $1 AND NOT deleted AND (${searched.columns.map((c) => `${c} ILIKE $2`).join(' OR ')})
           ORDER BY ${searched.order}, id LIMIT $3`,
          [ctx.tenantId, pattern, query.limit],
        )
      ).rows.map((r) => JSON.parse(r.doc) as AnyWireDoc),
    db,
  );
}

/**
 * One live record of the caller's tenant by id, online (an online search's result opened on a
 * phone that does not hold it); null when there is none (another tenant's id too: RLS).
 */
export async function getRecordOnline(ctx: SessionContext, def: CollectionDef, id: string, db?: Database): Promise<AnyWireDoc | null> {
  if (!SEARCHED[def.name]) return null;
  return withTenant(
    ctx.tenantId,
    async (tx) => {
      const { rows } = await tx.query<{ doc: string }>(`SELECT ${docJsonSql(def)}::text AS doc FROM ${def.table} WHERE tenant_id = $1 AND id = $2 AND NOT deleted`, [ctx.tenantId, id]);
      return rows[0] ? (JSON.parse(rows[0].doc) as AnyWireDoc) : null;
    },
    db,
  );
}
