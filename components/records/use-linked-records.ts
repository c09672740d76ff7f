'use client';

import { useMemo } from 'react';
import { contactName, recordHref } from './record-names';
import type { Activity } from './record-types';
import { useRecords } from './use-records';

export interface LinkedRecord {
  href: string;
  name: string;
}

/**
 * The record each activity is about (its deal, else its contact, else its company) by
 * activity id, from the local database: three queries for the ids shown, not one per row.
 * A record this phone does not hold (outside its sync scope) is left out.
 */
export function useLinkedRecords(activities: readonly Activity[] | undefined): ReadonlyMap<string, LinkedRecord> {
  const ids = (pick: (a: Activity) => string | null) => [...new Set((activities ?? []).map(pick).filter((id): id is string => id !== null))].sort();
  const dealIds = ids((a) => a.dealId);
  const contactIds = ids((a) => (a.dealId ? null : a.contactId));
  const companyIds = ids((a) => (a.dealId || a.contactId ? null : a.companyId));
  const deals = useRecords('deals', { selector: { id: { $in: dealIds } } });
  const contacts = useRecords('contacts', { selector: { id: { $in: contactIds } } });
  const companies = useRecords('companies', { selector: { id: { $in: companyIds } } });
  return useMemo(() => {
    const names = new Map<string, LinkedRecord>();
    for (const d of deals ?? []) names.set(d.id, { href: recordHref.deal(d.id), name: d.name });
    for (const c of contacts ?? []) names.set(c.id, { href: recordHref.contact(c.id), name: contactName(c) });
    for (const c of companies ?? []) names.set(c.id, { href: recordHref.company(c.id), name: c.name });
    const byActivity = new Map<string, LinkedRecord>();
    for (const a of activities ?? []) {
      const linked = names.get(a.dealId ?? a.contactId ?? a.companyId ?? '');
      if (linked) byActivity.set(a.id, linked);
    }
    return byActivity;
  }, [activities, deals, contacts, companies]);
}
