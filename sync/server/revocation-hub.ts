import 'server-only';
import { z } from 'zod';
import { SESSION_REVOCATIONS_CHANNEL } from '@/lib/auth/session-revocations';
import type { Database } from '@/lib/db/types';
import { NotifyHub } from '@/lib/db/notify-hub';

const payloadSchema = z.object({ u: z.uuid() });

/**
 * Tells the live streams of a person in this process that their sessions may have changed
 * (lib/auth/session-revocations.ts), so they recheck at once instead of at their next
 * periodic check. Keyed by user id.
 */
export class RevocationHub extends NotifyHub<z.infer<typeof payloadSchema>, void> {
  constructor(db: () => Promise<Database>) {
    super(db, { channel: SESSION_REVOCATIONS_CHANNEL, payload: payloadSchema, route: (p) => ({ key: p.u, value: undefined }) });
  }
}
