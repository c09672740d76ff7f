'use client';

import { useState } from 'react';
import { can } from '@/lib/auth/roles';
import { recordActor } from '@/sync/client/record-actor';
import type { AnyWireDoc, CollectionName } from '@/sync/schema/collections';
import { getJson } from '../auth/api';
import { Button } from '../ui/button';
import { RowLink } from './row-link';

export interface OnlineSearchProps {
  collection: CollectionName;
  /** The search text of the list above. */
  query: string;
  /** Ids this device holds: those are in the list already. */
  held: ReadonlySet<string>;
  /** A found record in words: its name and one line of detail. */
  describe: (doc: AnyWireDoc) => { title: string; detail: string | null };
  /** Its page, which shows it online (online-record.tsx). */
  href: (id: string) => string;
}

/**
 * For owners, admins and managers: searches the whole organization on the server for what this
 * phone does not hold (its sync scope may hold only its person's records), and lists those
 * apart, marked as online only. Asked for with a button: nothing leaves the phone unasked.
 */
export function OnlineSearch({ collection, query, held, describe, href }: OnlineSearchProps) {
  const [result, setResult] = useState<{ query: string; docs: AnyWireDoc[] } | { query: string; error: string }>();
  const [busy, setBusy] = useState(false);
  const actor = recordActor();
  const q = query.trim();
  if (!actor || !can(actor.role, 'records:search-online') || q.length < 2) return null;

  async function search() {
    setBusy(true);
    const res = await getJson<{ documents: AnyWireDoc[] }>(`/api/records/${collection}/search?q=${encodeURIComponent(q)}&limit=50`);
    setBusy(false);
    setResult(res.ok && res.data ? { query: q, docs: res.data.documents } : { query: q, error: res.message ?? 'The search failed.' });
  }

  const elsewhere = result && 'docs' in result ? result.docs.filter((d) => !held.has(d.id)) : [];
  return (
    <section aria-labelledby="online-search-title" className="flex flex-col gap-2 border-t border-border pt-3">
      <h2 id="online-search-title" className="text-lg font-semibold">
        Online only: the rest of the organization
      </h2>
      <Button onPress={search} isDisabled={busy}>
        {busy ? 'Searching the organization…' : `Search the whole organization for “${q}”`}
      </Button>
      <div role="status">
        {result && 'error' in result ? <p>{result.error}</p> : null}
        {result && 'docs' in result ? (
          <p>
            {elsewhere.length === 0
              ? `Nothing else in the organization matches “${result.query}”.`
              : `${elsewhere.length} more in the organization match “${result.query}”, not on this device.`}
          </p>
        ) : null}
      </div>
      {elsewhere.length > 0 ? (
        <ul className="flex flex-col divide-y divide-border" aria-label="Online only, not on this device">
          {elsewhere.map((d) => {
            const { title, detail } = describe(d);
            return (
              <li key={d.id}>
                <RowLink href={href(d.id)} title={title} detail={`Online only${detail ? ` · ${detail}` : ''}`} />
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
