'use client';

import { useRouter } from 'next/navigation';
import { PageHeader } from '@/components/shell/page-header';
import { showToast } from '@/components/ui/toast-store';
import { Link } from '@/components/ui/link';
import { createRefusal, editRefusal, type RuleDoc } from '@/lib/records/record-rules';
import { recordActor } from '@/sync/client/record-actor';
import { COLLECTIONS, type CollectionName } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { FieldErrors, FormValues } from './form-validation';
import { RecordForm, type FieldSpec } from './record-form';
import { RecordLoading, RecordMissing } from './record-states';
import type { NewRecord, RecordOf } from './record-types';
import { createRecord, updateRecord } from './record-writes';
import { useSyncDb } from './use-sync-db';

export interface RecordFormScreenProps<K extends CollectionName> {
  collection: K;
  noun: string;
  id: string | null;
  /** The stored record; undefined while loading, null when missing. Ignored for a new record. */
  record: RecordOf<K> | null | undefined;
  /** False until the lists the fields choose from (companies, stages) have loaded. */
  ready: boolean;
  fields: readonly FieldSpec[];
  toValues: (record: RecordOf<K> | null) => FormValues;
  /** The record fields from the form, or the errors that stop saving. */
  fromValues: (values: FormValues) => { fields: NewRecord<K> } | { errors: FieldErrors };
  detailHref: (id: string) => string;
  listHref: string;
  nameOf: (fields: NewRecord<K>) => string;
}

/** The create and edit page of any record: the same form, drafts and save path for all. */
export function RecordFormScreen<K extends CollectionName>(p: RecordFormScreenProps<K>) {
  const router = useRouter();
  const state = useSyncDb();
  const isNew = p.id === null;
  const title = isNew ? `New ${p.noun}` : `Edit ${p.noun}`;
  if (state.status === 'unavailable') return <RecordMissing title={title} listHref={p.listHref} listLabel={`Back to the list`} />;
  if (state.status !== 'ready' || !p.ready || (!isNew && p.record === undefined)) return <RecordLoading title={title} />;
  if (!isNew && !p.record) return <RecordMissing title={`${p.noun[0]!.toUpperCase()}${p.noun.slice(1)} not found`} listHref={p.listHref} listLabel="Back to the list" />;
  const db = state.handle.db;
  const actor = recordActor();
  const def = COLLECTIONS[p.collection] as unknown as CollectionDef;
  const refusal = !actor ? null : isNew ? createRefusal(actor, def) : editRefusal(actor, def, p.record as unknown as RuleDoc);
  if (refusal) {
    return (
      <>
        <PageHeader title={title} />
        <p role="status">{refusal}</p>
        <Link href={p.id ? p.detailHref(p.id) : p.listHref}>{p.id ? `Back to the ${p.noun}` : 'Back to the list'}</Link>
      </>
    );
  }

  async function save(values: FormValues) {
    const result = p.fromValues(values);
    if ('errors' in result) return;
    if (p.id) {
      await updateRecord(db, p.collection, p.id, result.fields);
      showToast(`Saved ${p.nameOf(result.fields)} on this device.`, 'success');
      router.push(p.detailHref(p.id));
    } else {
      const created = await createRecord(db, p.collection, result.fields);
      showToast(`Created ${p.nameOf(result.fields)} on this device.`, 'success');
      router.push(p.detailHref(created.id));
    }
  }

  return (
    <>
      <PageHeader title={title} description="Saved on this device first; it syncs when you are online." />
      <RecordForm
        draftName={p.collection}
        recordId={p.id}
        fields={p.fields}
        initialValues={p.toValues(p.record ?? null)}
        validate={(values) => {
          const r = p.fromValues(values);
          return 'errors' in r ? r.errors : {};
        }}
        onSave={save}
        submitLabel={isNew ? `Create ${p.noun}` : 'Save changes'}
        onCancel={() => router.push(p.id ? p.detailHref(p.id) : p.listHref)}
      />
    </>
  );
}
