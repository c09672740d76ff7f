'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { can } from '@/lib/auth/roles';
import { recordActor } from '@/sync/client/record-actor';
import type { AnyWireDoc, CollectionName } from '@/sync/schema/collections';
import { getJson } from '../auth/api';
import { DetailList, RecordLoading, RecordMissing } from './record-states';

export interface OnlineRecordProps {
  collection: CollectionName;
  id: string | null;
  /** The page's title, list link and text when the record is on neither the device nor the server. */
  missingTitle: string;
  listHref: string;
  listLabel: string;
  /** A record read from the server, in words: its name and its details. */
  describe: (doc: AnyWireDoc) => { title: string; items: readonly { label: string; value: ReactNode }[] };
}

/**
 * The page of a record this device does not hold. For owners, admins and managers online (an
 * online search's result, opened: their phone may hold only their own records under a sync
 * scope), the record as the server has it, read-only and marked as online only; for everyone
 * else, and when it is on the server neither, the usual "not on this device".
 */
export function RecordMissingOrOnline({ collection, id, missingTitle, listHref, listLabel, describe }: OnlineRecordProps) {
  const actor = recordActor();
  const mayAsk = Boolean(id && actor && can(actor.role, 'records:search-online') && typeof navigator !== 'undefined' && navigator.onLine);
  // Kept with the id it answers: another record's page never shows the previous one's answer.
  const [answer, setAnswer] = useState<{ key: string; doc: AnyWireDoc | null }>();
  const key = `${collection}/${id ?? ''}`;
  useEffect(() => {
    if (!mayAsk || !id) return;
    let live = true;
    void getJson<{ document: AnyWireDoc }>(`/api/records/${collection}/${encodeURIComponent(id)}`).then((res) => {
      if (live) setAnswer({ key: `${collection}/${id}`, doc: res.ok && res.data ? res.data.document : null });
    });
    return () => {
      live = false;
    };
  }, [mayAsk, collection, id]);
  const found = !mayAsk ? null : answer?.key === key ? answer.doc : undefined;

  if (found === undefined) return <RecordLoading title={missingTitle.replace(/ not found$/, '')} text="Looking in the organization…" />;
  if (found === null) return <RecordMissing title={missingTitle} listHref={listHref} listLabel={listLabel} />;
  const { title, items } = describe(found);
  return (
    <>
      <PageHeader title={title} description="Online only: not on this device. Shown as the organization has it now; it cannot be changed here." />
      <DetailList items={items} />
    </>
  );
}
