// Browser module: who is writing on this phone, for the shared record rules
// (lib/records/record-rules.ts). Set once the local database opens (sync/client/start-sync.ts);
// null when unknown (an identity remembered by an older release has no role), and then the
// server alone decides and a refusal comes back to the conflicts view.
import type { RecordActor } from '@/lib/records/record-rules';

let actor: RecordActor | null = null;

export function setRecordActor(next: RecordActor | null): void {
  actor = next;
}

export function recordActor(): RecordActor | null {
  return actor;
}
