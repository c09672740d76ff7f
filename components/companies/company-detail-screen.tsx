'use client';

import { Link } from '@/components/ui/link';
import { ActivityTimeline } from '@/components/records/activity-timeline';
import { ConflictNotice } from '@/components/records/conflict-notice';
import { formatMoney } from '@/components/records/format';
import { openDeals, workSummary } from '@/components/records/highlights';
import { QuickActions } from '@/components/records/quick-actions';
import { RecordHighlights, openDealsText, workHighlights } from '@/components/records/record-highlights';
import { RecordActions } from '@/components/records/record-actions';
import { contactName, recordHref } from '@/components/records/record-names';
import { RecordMissingOrOnline } from '@/components/records/online-record';
import type { Company } from '@/components/records/record-types';
import { DetailList, RecordLoading } from '@/components/records/record-states';
import { RelatedList } from '@/components/records/related-list';
import { Section } from '@/components/records/section';
import { useQueryId } from '@/components/records/use-query-id';
import { useRecord, useRecords } from '@/components/records/use-records';

export function CompanyDetailScreen() {
  const id = useQueryId();
  const company = useRecord('companies', id);
  const contacts = useRecords('contacts', { selector: { companyId: id ?? '' } });
  const deals = useRecords('deals', { selector: { companyId: id ?? '' } });
  const activities = useRecords('activities', { selector: { companyId: id ?? '' } });

  if (company === undefined) return <RecordLoading title="Company" />;
  if (company === null || !id) {
    return (
      <RecordMissingOrOnline
        collection="companies"
        id={id}
        missingTitle="Company not found"
        listHref="/companies"
        listLabel="All companies"
        describe={(d) => ({ title: String(d.name), items: companyDetails(d as unknown as Company) })}
      />
    );
  }
  const work = activities ? workSummary(activities, new Date()) : undefined;
  const open = deals ? openDeals(deals) : undefined;
  return (
    <>
      <RecordHighlights
        title={company.name}
        subtitle={[company.industry, company.city].filter(Boolean).join(' · ') || undefined}
        actions={<RecordActions collection="companies" record={company} label={company.name} editHref={recordHref.editCompany(id)} listHref="/companies" />}
        highlights={[
          { label: 'Contacts', value: contacts ? String(contacts.length) : '…' },
          { label: 'Open deals', value: open ? openDealsText(open) : '…' },
          ...workHighlights(work),
        ]}
      />
      <ConflictNotice recordId={id} />
      {company.domain ? (
        <p>
          <Link className="max-w-full [overflow-wrap:anywhere]" href={`https://${company.domain}`} target="_blank" rel="noreferrer">
            Website {company.domain} (opens a new tab)
          </Link>
        </p>
      ) : null}
      <QuickActions link={{ contactId: null, companyId: id, dealId: null }} about={company.name} recordId={id} phone={company.phone} />
      <Section id="details-heading" title="Details">
        <DetailList items={companyDetails(company)} />
      </Section>
      <Section id="contacts-heading" title="Contacts">
        <RelatedList
          labelledBy="contacts-heading"
          empty="No contacts at this company."
          items={contacts?.map((c) => ({ id: c.id, href: recordHref.contact(c.id), title: contactName(c), detail: c.title ?? c.email ?? '' }))}
        />
      </Section>
      <Section id="deals-heading" title="Deals">
        <RelatedList
          labelledBy="deals-heading"
          empty="No deals with this company."
          items={deals?.map((d) => ({ id: d.id, href: recordHref.deal(d.id), title: d.name, detail: `${formatMoney(d.amountCents, d.currency)} · ${d.status}` }))}
        />
      </Section>
      <Section id="activity-heading" title="Activity">
        <ActivityTimeline activities={activities} headingId="activity-heading" />
      </Section>
    </>
  );
}

/** A company's details, on this device or online. */
function companyDetails(company: Company) {
  return [
    { label: 'Website', value: company.domain },
    { label: 'Phone', value: company.phone },
    { label: 'Industry', value: company.industry },
    { label: 'Address', value: [company.address, company.city, company.country].filter(Boolean).join(', ') || null },
  ];
}
