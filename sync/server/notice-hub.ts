import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db/types';
import { NotifyHub } from '@/lib/db/notify-hub';
import { CONFLICT_NOTICES_CHANNEL } from './conflict-notices';

const payloadSchema = z.object({ t: z.uuid(), u: z.uuid() });

/**
 * Tells the live streams of a person in this process that they have a new conflict notice
 * (conflict-notices.ts), so their phone reads it at once. Keyed by tenant and user
 * (`noticeKey`): their streams in another organization are not told.
 */
export const noticeKey = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

export class NoticeHub extends NotifyHub<z.infer<typeof payloadSchema>, void> {
  constructor(db: () => Promise<Database>) {
    super(db, { channel: CONFLICT_NOTICES_CHANNEL, payload: payloadSchema, route: (p) => ({ key: noticeKey(p.t, p.u), value: undefined }) });
  }
}
