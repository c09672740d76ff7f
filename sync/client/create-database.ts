// Browser module (also run in Node tests on memory or fake-IndexedDB storage): the local
// RxDB database with the five synced collections and the local conflicts collection.
import { addRxPlugin, createRxDatabase, type RxCollection, type RxConflictHandler, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { jsonEqual } from '@/sync/schema/json-equal';
import { keepSnapshotBase, snapshotBases } from './bootstrap';
import { conflictMigrations, conflictSchema, toConflictDocs, type ConflictCollection } from './conflicts';
import { takeConflictAuthors } from './conflict-authors';
import { takeRefused } from './refused-rows';
import { threeWayMerge, type Doc } from '@/sync/schema/three-way-merge';

// Opens a conflicts collection stored by an older release (schema version 0) at version 1.
addRxPlugin(RxDBMigrationSchemaPlugin);
// Where a first sync keeps its progress (bootstrap.ts), so a reload resumes it.
addRxPlugin(RxDBLocalDocumentsPlugin);

/** A synced record as the browser holds it (field values by document field name). */
export type SyncDoc = { id: string } & Record<string, unknown>;
export type SyncCollection = RxCollection<SyncDoc>;
export type SyncCollections = Record<CollectionName, SyncCollection> & { conflicts: ConflictCollection };
export type SyncDatabase = RxDatabase<SyncCollections>;

/**
 * The conflict handler of one collection. isEqual compares every field (RxDB uses it to
 * decide what still needs pushing, so comparing less would silently drop edits); resolve
 * runs the field-level three-way merge and stores the losing values as conflicts. `baseOf`
 * gives the state an edit started from where RxDB has none (a document from the first sync's
 * snapshot, bootstrap.ts).
 */
export function conflictHandlerFor(def: CollectionDef, conflicts: () => ConflictCollection, baseOf: (id: string) => Promise<Doc | undefined> = async () => undefined): RxConflictHandler<SyncDoc> {
  const fields = def.fieldNames;
  return {
    isEqual(a, b) {
      return a._deleted === b._deleted && fields.every((f) => jsonEqual((a as Doc)[f], (b as Doc)[f]));
    },
    async resolve(input) {
      // A row the server refused: put the record back to the server's state (the refused
      // change is kept in the conflicts collection with the reason, by the push handler).
      if (takeRefused(conflicts(), def.name, input.realMasterState.id)) return input.realMasterState;
      const base = (input.assumedMasterState as Doc | undefined) ?? (await baseOf(input.realMasterState.id));
      const { merged, conflicts: lost } = threeWayMerge(
        fields,
        base,
        input.realMasterState as Doc,
        input.newDocumentState as Doc,
      );
      const authors = takeConflictAuthors(conflicts(), def.name, input.realMasterState.id);
      if (lost.length > 0) await conflicts().bulkUpsert(toConflictDocs(def.name, merged.id, lost, new Date(), authors));
      return merged as typeof input.realMasterState;
    },
  };
}

/**
 * Opens (or creates) the local database. Call only in the browser (or a test): RxDB needs
 * IndexedDB, which the server has not.
 */
export async function createSyncDatabase(options: {
  name: string;
  storage: RxStorage<unknown, unknown>;
  multiInstance: boolean;
  /** Default all; tests open fewer (RxDB's free tier allows 13 open collections per process). */
  collections?: readonly CollectionName[];
}): Promise<SyncDatabase> {
  const db: SyncDatabase = await createRxDatabase<SyncCollections>({
    name: options.name,
    storage: options.storage,
    multiInstance: options.multiInstance,
    // Survives hot reloads and React StrictMode double effects creating it twice.
    closeDuplicates: true,
    localDocuments: true,
  });
  const conflicts = () => db.conflicts;
  const synced = Object.fromEntries(
    (options.collections ?? COLLECTION_NAMES).map((name) => {
      const def = COLLECTIONS[name] as unknown as CollectionDef;
      const baseOf = async (id: string) => (await snapshotBases(db[name], [id])).get(id) as Doc | undefined;
      return [name, { schema: def.rxSchema as unknown as RxJsonSchema<SyncDoc>, conflictHandler: conflictHandlerFor(def, conflicts, baseOf) }];
    }),
  );
  await db.addCollections({ ...synced, conflicts: { schema: conflictSchema, migrationStrategies: conflictMigrations } });
  for (const name of Object.keys(synced) as CollectionName[]) {
    // In series (false): the hook changes the document about to be written.
    db[name].preSave((data, previous) => keepSnapshotBase(data as never, previous as never), false);
    db[name].preRemove((data, previous) => keepSnapshotBase(data as never, previous as never), false);
  }
  return db;
}
