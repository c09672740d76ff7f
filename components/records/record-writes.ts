// Browser module: the one place screens write records. Every write goes to the local
// database only; replication pushes it when there is a network.
import { v7 as uuidv7 } from 'uuid';
import { COLLECTIONS, type CollectionName } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { refusalOf, type RuleDoc } from '@/lib/records/record-rules';
import type { SyncDatabase } from '@/sync/client/create-database';
import { recordActor } from '@/sync/client/record-actor';
import type { NewRecord, RecordOf } from './record-types';

/** A write the record rules refuse for this person; its message says why (shown as is). */
export class RecordRefusedError extends Error {
  override name = 'RecordRefusedError';
}

/**
 * The server's rules, run on the phone before a write is queued (the same module), so a
 * change the server would refuse is never made here. Screens hide or disable such controls
 * first; this is the backstop.
 */
function assertAllowed(name: CollectionName, before: RuleDoc | null, after: RuleDoc): void {
  const actor = recordActor();
  const refusal = actor ? refusalOf(actor, definitionOf(name), before, after) : null;
  if (refusal) throw new RecordRefusedError(refusal);
}

function definitionOf(name: CollectionName): CollectionDef {
  return COLLECTIONS[name] as unknown as CollectionDef;
}

/** Throws when a record breaks the shared schema: forms validate first, so this is a broken invariant. */
function assertValid(name: CollectionName, record: Record<string, unknown>): void {
  const parsed = definitionOf(name).wireSchema.safeParse({ ...record, _deleted: false });
  if (!parsed.success) throw new Error(`Invalid ${name} record: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** A new record with a client-made UUIDv7 id (no server round trip) and both timestamps set. */
export function newRecord<K extends CollectionName>(values: NewRecord<K>, now = new Date()): RecordOf<K> {
  const at = now.toISOString();
  return { ...values, id: uuidv7(), createdAt: at, updatedAt: at } as RecordOf<K>;
}

/** Inserts a new record and returns it. */
export async function createRecord<K extends CollectionName>(db: SyncDatabase, name: K, values: NewRecord<K>): Promise<RecordOf<K>> {
  const record = newRecord<K>(values);
  assertValid(name, record);
  assertAllowed(name, null, record);
  await db[name].insert(record);
  return record;
}

/** Inserts many records in one write: either all are stored or none (CSV import). */
export async function createRecords<K extends CollectionName>(db: SyncDatabase, name: K, records: RecordOf<K>[]): Promise<void> {
  for (const r of records) {
    assertValid(name, r);
    assertAllowed(name, null, r);
  }
  const result = await db[name].bulkInsert(records);
  if (result.error.length > 0) {
    // Roll back the ones that did go in, so nothing is half-imported.
    const ids = result.success.map((d) => d.id);
    if (ids.length) await db[name].bulkRemove(ids);
    throw new Error(`${result.error.length} records could not be stored.`);
  }
}

/** Changes some fields of a record and stamps updatedAt. */
export async function updateRecord<K extends CollectionName>(db: SyncDatabase, name: K, id: string, patch: Partial<NewRecord<K>>): Promise<void> {
  const doc = await db[name].findOne(id).exec();
  if (!doc) throw new Error(`No ${name} record ${id}`);
  const current = doc.toJSON() as RuleDoc;
  const next = { ...current, ...patch, updatedAt: new Date().toISOString() };
  assertValid(name, next);
  assertAllowed(name, current, next);
  await doc.incrementalPatch({ ...patch, updatedAt: next.updatedAt } as Record<string, unknown>);
}

/** Deletes a record (a tombstone that syncs) and returns what it was, for Undo. */
export async function deleteRecord<K extends CollectionName>(db: SyncDatabase, name: K, id: string): Promise<RecordOf<K> | null> {
  const doc = await db[name].findOne(id).exec();
  if (!doc) return null;
  const before = doc.toJSON() as unknown as RecordOf<K>;
  assertAllowed(name, before as unknown as RuleDoc, { ...(before as unknown as RuleDoc), _deleted: true });
  await doc.remove();
  return before;
}

/** Brings a deleted record back as it was (the Undo of deleteRecord). */
export async function restoreRecord<K extends CollectionName>(db: SyncDatabase, name: K, record: RecordOf<K>): Promise<void> {
  await db[name].upsert({ ...record, updatedAt: new Date().toISOString() });
}
