// Browser module (also run in Node tests): pushes of records edited in the moment between RxDB's
// pull writing them and writing their replication meta. Verified against rxdb 17.6.
import { getAssumedMasterState, getMetaWriteRow, stripAttachmentsDataFromMetaWriteRows, type RxStorageInstanceReplicationState, type WithDeleted } from 'rxdb';
import type { AnyWireDoc } from '@/sync/schema/collections';
import type { SyncDoc } from './create-database';

type State = RxStorageInstanceReplicationState<SyncDoc>;
type Meta = Awaited<ReturnType<typeof getAssumedMasterState<SyncDoc>>>[string]['metaDocument'];

/** How long a push waits for the pull's meta write (it follows the record's write at once). */
const META_WAIT_MS = 5_000;
const META_POLL_MS = 10;

export interface GapBase {
  /** The server version the edit started from: the one the pull wrote. */
  base: AnyWireDoc;
  /** The pull's meta, once written: the push's own meta is written over it. */
  meta?: Meta;
}

/**
 * RxDB's pull writes a server version into the local record first and its replication meta
 * (the "assumed master state" a push sends as its base) in a second write. An edit made in
 * between reaches the push with no base: sent so, the server answers "conflict" and the merge,
 * having no base, lets the server's value win every field the edit changed (the edit was
 * undone; seen in CI, e2e/workflows.spec.ts). RxDB also prepared that push's meta row as a
 * first one, which fails against the pull's (RxDB ignores that failure), so the meta would
 * keep the old version and every later server version of the record would be taken for an
 * unpushed local change and skipped.
 *
 * So such a push waits for the pull's meta and uses it as the base ({@link basesFor}), and
 * once the server has accepted it, writes the meta itself over the pull's ({@link settle}).
 * The versions the pull wrote are remembered from `received$` (emitted between the two
 * writes); only the latest batches matter, so the oldest are dropped past `max`.
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

  /** Of `ids` (rows RxDB sent without a base), those a pull wrote: their base and the pull's meta, waited for. */
  async basesFor(state: State | undefined, ids: string[]): Promise<Map<string, GapBase>> {
    const gap = ids.filter((id) => this.written.has(id));
    const out = new Map<string, GapBase>(gap.map((id) => [id, { base: this.written.get(id)! }]));
    if (!state || gap.length === 0) return out;
    for (const until = Date.now() + META_WAIT_MS; ; ) {
      const metas = await getAssumedMasterState(state, gap);
      if (gap.every((id) => metas[id]) || Date.now() > until) {
        for (const id of gap) {
          const m = metas[id];
          if (m) out.set(id, { base: m.docData as unknown as AnyWireDoc, meta: m.metaDocument });
        }
        return out;
      }
      await new Promise((r) => setTimeout(r, META_POLL_MS));
    }
  }

  /** The replication meta of gap rows the server accepted as sent: what the server now has. */
  async settle(state: State | undefined, accepted: { doc: WithDeleted<SyncDoc>; meta?: Meta }[]): Promise<void> {
    if (!state || accepted.length === 0) return;
    const rows = await Promise.all(accepted.map((a) => getMetaWriteRow(state, a.doc, a.meta)));
    // A failed write means something newer was stored meanwhile (a pull or another push): it stands.
    await state.input.metaInstance.bulkWrite(stripAttachmentsDataFromMetaWriteRows(state, rows), 'replication-up-write-meta');
  }
}
