import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db/types';
import { RECORD_CHANGES_CHANNEL } from '@/lib/records/apply-changes';
import { NotifyHub } from '@/lib/db/notify-hub';

const payloadSchema = z.object({ t: z.uuid(), c: z.string().max(60) });

/** What a listener hears: the collection that changed. */
export interface CommittedChange {
  collection: string;
}

/**
 * Committed record changes for the live streams and caches of this process, keyed by tenant:
 * listeners are told the collection that changed. Security: only the tenant named by the writing
 * transaction is told.
 */
export class ChangeHub extends NotifyHub<z.infer<typeof payloadSchema>, CommittedChange> {
  constructor(db: () => Promise<Database>) {
    super(db, { channel: RECORD_CHANGES_CHANNEL, payload: payloadSchema, route: (p) => ({ key: p.t, value: { collection: p.c } }) });
  }
}
