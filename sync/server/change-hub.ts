import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db/types';
import { RECORD_CHANGES_CHANNEL } from '@/lib/records/apply-changes';
import { NotifyHub } from '@/lib/db/notify-hub';

const payloadSchema = z.object({ t: z.uuid(), c: z.string().max(60), w: z.string().max(40).optional() });

/** What a listener hears: the collection that changed, and the write's token (lib/records/local-writes.ts). */
export interface CommittedChange {
  collection: string;
  writeToken?: string;
}

/**
 * Committed record changes for the live streams and caches of this process, keyed by tenant:
 * listeners are told the collection that changed. Security: only the tenant named by the writing
 * transaction is told.
 */
export class ChangeHub extends NotifyHub<z.infer<typeof payloadSchema>, CommittedChange> {
  constructor(db: () => Promise<Database>) {
    super(db, { channel: RECORD_CHANGES_CHANNEL, payload: payloadSchema, route: (p) => ({ key: p.t, value: { collection: p.c, writeToken: p.w } }) });
  }
}
