// Browser module (also run in Node tests): the server version RxDB's pull last wrote over each
// local record, kept briefly as the base of a push whose replication meta is not stored yet.
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { SyncDoc } from './create-database';

/**
 * RxDB's pull writes a server version into the local record first and its replication meta
 * (the "assumed master state" a push sends as its base) in a second write. An edit made in
 * between is pushed with no base, so the server answers "conflict" and the merge, having no
 * base, lets the server's value win every field the edit changed: the edit was undone and
 * shown as a conflict (seen in CI: e2e/workflows.spec.ts). The base of such an edit is the
 * version the pull wrote, remembered here from `received$` (emitted between the two writes).
 * Only the latest writes matter (the gap is one batch), so the oldest are dropped past `max`.
 */
export class PulledBases {
  private readonly written = new Map<string, AnyWireDoc>();

  constructor(private readonly max: number) {}

  /** A document RxDB's pull has just written into the local collection. */
  remember(doc: SyncDoc & { _meta?: unknown; _rev?: unknown; _attachments?: unknown }): void {
    const { _meta, _rev, _attachments, ...wire } = doc;
    this.written.delete(doc.id); // re-inserted last: the Map's order is the age
    this.written.set(doc.id, wire as unknown as AnyWireDoc);
    if (this.written.size > this.max) this.written.delete(this.written.keys().next().value as string);
  }

  get(id: string): AnyWireDoc | undefined {
    return this.written.get(id);
  }
}
