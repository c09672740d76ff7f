// Shared with the browser: the record types screens work with, by collection name.
import type { ActivityDoc, CollectionName, CompanyDoc, ContactDoc, DealDoc, PipelineDoc } from '@/sync/schema/collections';

interface WireByName {
  companies: CompanyDoc;
  contacts: ContactDoc;
  pipelines: PipelineDoc;
  deals: DealDoc;
  activities: ActivityDoc;
}

/** A stored record of collection K as screens see it (RxDB keeps the tombstone flag to itself). */
export type RecordOf<K extends CollectionName> = Omit<WireByName[K], '_deleted'>;

export type Contact = RecordOf<'contacts'>;
export type Company = RecordOf<'companies'>;
export type Deal = RecordOf<'deals'>;
export type Pipeline = RecordOf<'pipelines'>;
export type Activity = RecordOf<'activities'>;
export type Stage = Pipeline['stages'][number];

/** Fields the write helpers fill in themselves. */
export type NewRecord<K extends CollectionName> = Omit<RecordOf<K>, 'id' | 'createdAt' | 'updatedAt'>;
