'use client';

import type { ReactNode } from 'react';
import { Link } from '@/components/ui/link';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { ConflictNotice } from '@/components/records/conflict-notice';
import { formatDay, formatMoney } from '@/components/records/format';
import { openDeals, workSummary } from '@/components/records/highlights';
import { QuickActions } from '@/components/records/quick-actions';
import { RecordHighlights, openDealsText, workHighlights } from '@/components/records/record-highlights';
import { RecordActions } from '@/components/records/record-actions';
import { contactName, recordHref } from '@/components/records/record-names';
import { RecordMissingOrOnline } from '@/components/records/online-record';
import type { Contact } from '@/components/records/record-types';
import { DetailList, RecordLoading } from '@/components/records/record-states';
import { RelatedList } from '@/components/records/related-list';
import { Section } from '@/components/records/section';
import { useQueryId } from '@/components/records/use-query-id';
import { useRecord, useRecords } from '@/components/records/use-records';
import { can } from '@/lib/auth/roles';
import { recordActor } from '@/sync/client/record-actor';

export function ContactDetailScreen() {
  const id = useQueryId();
  const contact = useRecord('contacts', id);
  const company = useRecord('companies', contact?.companyId ?? null);
  const deals = useRecords('deals', { selector: { contactId: id ?? '' } });
  const activities = useRecords('activities', { selector: { contactId: id ?? '' } });

  if (contact === undefined) return <RecordLoading title="Contact" />;
  if (contact === null || !id) {
    return (
      <RecordMissingOrOnline
        collection="contacts"
        id={id}
        missingTitle="Contact not found"
        listHref="/contacts"
        listLabel="All contacts"
        // Online, the company's name is not in the answer: a link to its page, which shows it (online too).
        describe={(d) => ({
          title: contactName(d as unknown as Contact),
          items: contactDetails(d as unknown as Contact, typeof d.companyId === 'string' ? <Link href={recordHref.company(d.companyId)}>Open the company</Link> : null),
        })}
      />
    );
  }
  const name = contactName(contact);
  const actor = recordActor();
  const mayHandlePrivacy = actor !== null && can(actor.role, 'privacy:manage');
  const work = activities ? workSummary(activities, new Date()) : undefined;
  const open = deals ? openDeals(deals) : undefined;
  return (
    <>
      <RecordHighlights
        title={name}
        subtitle={[contact.title, company?.name].filter(Boolean).join(' at ') || undefined}
        actions={<RecordActions collection="contacts" record={contact} label={name} editHref={recordHref.editContact(id)} listHref="/contacts" />}
        highlights={[
          { label: 'Company', value: company ? <Link href={recordHref.company(company.id)}>{company.name}</Link> : null },
          { label: 'Open deals', value: open ? openDealsText(open) : '…' },
          ...workHighlights(work),
        ]}
      />
      <ConflictNotice recordId={id} />
      <QuickActions link={{ contactId: id, companyId: contact.companyId, dealId: null }} about={name} recordId={id} phone={contact.phone} email={contact.email} />
      <Section id="details-heading" title="Details">
        <DetailList items={contactDetails(contact, company ? <Link href={recordHref.company(company.id)}>{company.name}</Link> : null)} />
        {mayHandlePrivacy ? (
          // Owners and admins answer a person's request for a copy or an erasure (online, /admin/privacy).
          <p className="mt-2">
            <Link href={`/admin/privacy?contact=${encodeURIComponent(id)}`}>Privacy request: export or erase {name}’s data</Link>
          </p>
        ) : null}
      </Section>
      <Section id="deals-heading" title="Deals">
        <RelatedList
          labelledBy="deals-heading"
          empty="No deals with this contact."
          items={deals?.map((d) => ({ id: d.id, href: recordHref.deal(d.id), title: d.name, detail: `${formatMoney(d.amountCents, d.currency)}${d.closeDate ? ` · closes ${formatDay(d.closeDate)}` : ''} · ${d.status}` }))}
        />
      </Section>
      <Section id="activity-heading" title="Activity">
        <ActivityTimeline activities={activities} headingId="activity-heading" />
      </Section>
    </>
  );
}

/** A contact's details, on this device or online. */
function contactDetails(contact: Contact, company: ReactNode) {
  return [
    { label: 'Email', value: contact.email },
    { label: 'Phone', value: contact.phone },
    { label: 'Job title', value: contact.title },
    { label: 'Company', value: company },
  ];
}
