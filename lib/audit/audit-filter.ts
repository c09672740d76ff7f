// Shared with the browser (the audit page's filter form): what an audit query may ask for.
import { z } from 'zod';
import { dateTimeString, safeText } from '@/sync/schema/safe-values';

export const auditFilterSchema = z
  .object({
    actorId: z.uuid().optional(),
    action: z.string().regex(/^[a-z_]+(\.[a-z_.]*)?$/, 'an action like record.update, or a prefix like auth.').optional(),
    targetType: safeText().max(64).optional(),
    targetId: safeText().max(128).optional(),
    // Real dates only: year 0000 passes zod's pattern and then fails in Postgres (a 500).
    from: dateTimeString('must be a date and time such as 2026-11-01T00:00:00Z').optional(),
    to: dateTimeString('must be a date and time such as 2026-11-30T23:59:59Z').optional(),
    /** Entries with seq below this (paging backwards from the newest). */
    beforeSeq: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '"from" must not be after "to"', path: ['from'] });

export type AuditFilter = z.infer<typeof auditFilterSchema>;
