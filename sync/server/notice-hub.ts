import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db/types';
import { NotifyHub } from '@/lib/db/notify-hub';
import { CONFLICT_NOTICES_CHANNEL } from './conflict-notices';

const payloadSchema = z.object({ u: z.uuid() });

/**
 * Tells the live streams of a person in this process that they have a new conflict notice
 * (conflict-notices.ts), so their phone reads it at once. Keyed by user id.
 */
export class NoticeHub extends NotifyHub<z.infer<typeof payloadSchema>, void> {
  constructor(db: () => Promise<Database>) {
    super(db, { channel: CONFLICT_NOTICES_CHANNEL, payload: payloadSchema, route: (p) => ({ key: p.u, value: undefined }) });
  }
}
