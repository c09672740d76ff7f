// Browser module (also run in Node tests): what a phone does with removals, the documents a
// scoped pull sends with `_deleted` for records that left its person's sync scope (or were
// deleted). See sync/server/scoped-pull.ts.
import type { WithDeleted } from 'rxdb';
import type { SyncCollection, SyncDoc } from './create-database';

/** Most removals remembered for a second try (each is a record that left this phone's scope). */
const MAX_REMEMBERED = 10_000;
/** Wait (ms) before pulling again to check that removals sent again have landed: doubles while they have not. */
export const DUE_RETRY_MS = 1_000;
const DUE_RETRY_MAX_MS = 30_000;

/**
 * A removal is applied only to a record the phone holds: a removal of anything else would
 * store a tombstone for a record it never had. RxDB does not apply a pulled document over a
 * local change still waiting to be pushed (that push goes first), so a removal that arrives
 * then would be lost, and the record would stay on the phone for good; so removals of held
 * records are remembered, and sent through again, with the next page pulled, after a push of
 * that record that the server answers as out of scope. With a page, not on RxDB's stream of
 * documents: RxDB drops a streamed document when a pull starts before it is applied, on the
 * grounds that the pull brings it again; the feed never brings this removal again.
 */
export class ScopeRemovals {
  private readonly pending = new Map<string, WithDeleted<SyncDoc>>();
  /** Of `pending`, those to send through again with the next page. */
  private readonly due = new Set<string>();
  /** Pulls in a row that sent due removals again (the checks back off while they do not land). */
  private sends = 0;

  constructor(private readonly collection: SyncCollection) {}

  /**
   * The page without removals of records this phone does not hold; remembers the others. Due
   * removals whose records the phone no longer holds have landed, and are forgotten here.
   */
  async filterPulled(documents: WithDeleted<SyncDoc>[]): Promise<WithDeleted<SyncDoc>[]> {
    const removals = documents.filter((d) => d._deleted);
    for (const d of documents) {
      if (d._deleted) continue;
      this.pending.delete(d.id);
      this.due.delete(d.id);
    }
    if (removals.length === 0 && this.due.size === 0) return documents;
    const held = new Set((await this.collection.storageInstance.findDocumentsById([...removals.map((d) => d.id), ...this.due], false)).map((d) => d.id));
    for (const id of this.due) {
      if (held.has(id)) continue;
      this.due.delete(id);
      this.pending.delete(id);
    }
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
   * person's scope become due (true when any did: pull, to send them). A pushed record still
   * in scope is forgotten: its removal is out of date.
   */
  afterPush(results: { id: string; outOfScope?: true }[]): boolean {
    let any = false;
    for (const r of results) {
      if (!this.pending.has(r.id)) continue;
      if (r.outOfScope) {
        this.due.add(r.id);
        any = true;
        this.sends = 0;
      } else {
        this.pending.delete(r.id);
        this.due.delete(r.id);
      }
    }
    return any;
  }

  /**
   * The due removals to send with `page` (already filtered): those whose records have not come
   * back into scope since, and that the page does not supersede. They stay due until a later
   * pull finds them applied ({@link filterPulled}): RxDB still drops one that reaches it before
   * it has stored the answer to the push (a pull already under way), so the caller pulls again.
   */
  takeDue(page: WithDeleted<SyncDoc>[]): WithDeleted<SyncDoc>[] {
    if (this.due.size === 0) return [];
    const inPage = new Set(page.map((d) => d.id));
    const out: WithDeleted<SyncDoc>[] = [];
    for (const id of this.due) {
      const d = this.pending.get(id);
      if (!d) this.due.delete(id);
      else if (!inPage.has(id)) out.push(d);
    }
    this.sends = out.length ? this.sends + 1 : 0;
    return out;
  }

  /**
   * How long to wait before pulling again to see the removals just sent applied: 1 s, doubling
   * up to 30 s while they are not. A removal stays unapplied while the record's own change
   * waits to be pushed; a push that keeps failing must not make the phone pull every second.
   */
  dueRetryMs(): number {
    return Math.min(DUE_RETRY_MS * 2 ** Math.max(0, this.sends - 1), DUE_RETRY_MAX_MS);
  }
}
