// Browser module (also run in Node tests): what a phone does with removals, the documents a
// scoped pull sends with `_deleted` for records that left its person's sync scope (or were
// deleted). See sync/server/scoped-pull.ts.
import type { WithDeleted } from 'rxdb';
import type { SyncCollection, SyncDoc } from './create-database';

/** Most removals remembered for a second try (each is a record that left this phone's scope). */
const MAX_REMEMBERED = 10_000;

/**
 * A removal is applied only to a record the phone holds: a removal of anything else would
 * store a tombstone for a record it never had. RxDB does not apply a pulled document over a
 * local change still waiting to be pushed (that push goes first), so a removal that arrives
 * then would be lost, and the record would stay on the phone for good; so removals of held
 * records are remembered, and sent through again after a push of that record that the server
 * answers as out of scope.
 */
export class ScopeRemovals {
  private readonly pending = new Map<string, WithDeleted<SyncDoc>>();

  constructor(private readonly collection: SyncCollection) {}

  /** The page without removals of records this phone does not hold; remembers the others. */
  async filterPulled(documents: WithDeleted<SyncDoc>[]): Promise<WithDeleted<SyncDoc>[]> {
    const removals = documents.filter((d) => d._deleted);
    for (const d of documents) if (!d._deleted) this.pending.delete(d.id);
    if (removals.length === 0) return documents;
    const held = new Set((await this.collection.storageInstance.findDocumentsById(removals.map((d) => d.id), false)).map((d) => d.id));
    for (const d of removals) {
      if (!held.has(d.id)) continue;
      this.pending.delete(d.id);
      this.pending.set(d.id, d);
    }
    while (this.pending.size > MAX_REMEMBERED) this.pending.delete(this.pending.keys().next().value!);
    return documents.filter((d) => !d._deleted || held.has(d.id));
  }

  /**
   * After a push: the remembered removals of the records the server answered as outside this
   * person's scope, to send through again once the push has settled. A pushed record still in
   * scope is forgotten: its removal is out of date.
   */
  afterPush(results: { id: string; outOfScope?: true }[]): WithDeleted<SyncDoc>[] {
    const again: WithDeleted<SyncDoc>[] = [];
    for (const r of results) {
      const d = this.pending.get(r.id);
      if (!d) continue;
      if (r.outOfScope) again.push(d);
      else this.pending.delete(r.id);
    }
    return again;
  }

  /** Of `docs`, the removals still due: none of their records came back into scope since. */
  stillDue(docs: WithDeleted<SyncDoc>[]): WithDeleted<SyncDoc>[] {
    return docs.filter((d) => this.pending.get(d.id) === d);
  }
}
