'use client';

import { COMPANY_LABELS, companyFromValues } from './company-values';
import type { FieldSpec } from '@/components/records/record-form';
import { RecordFormScreen } from '@/components/records/record-form-screen';
import { recordHref } from '@/components/records/record-names';
import type { Company } from '@/components/records/record-types';
import { useQueryId } from '@/components/records/use-query-id';
import { useMyUserId, useRecord } from '@/components/records/use-records';

const FIELDS: readonly FieldSpec[] = [
  { name: 'name', label: COMPANY_LABELS.name, kind: 'text', required: true },
  { name: 'domain', label: COMPANY_LABELS.domain, kind: 'text', description: 'For example acme.example' },
  { name: 'industry', label: COMPANY_LABELS.industry, kind: 'text' },
  { name: 'phone', label: COMPANY_LABELS.phone, kind: 'tel' },
  { name: 'address', label: COMPANY_LABELS.address, kind: 'text' },
  { name: 'city', label: COMPANY_LABELS.city, kind: 'text' },
  { name: 'country', label: COMPANY_LABELS.country, kind: 'text' },
];

export function CompanyFormScreen() {
  const id = useQueryId();
  const record = useRecord('companies', id);
  const me = useMyUserId();
  return (
    <RecordFormScreen
      collection="companies"
      noun="company"
      id={id}
      record={record}
      ready
      fields={FIELDS}
      toValues={(c: Company | null) => ({
        name: c?.name ?? '',
        domain: c?.domain ?? '',
        industry: c?.industry ?? '',
        phone: c?.phone ?? '',
        address: c?.address ?? '',
        city: c?.city ?? '',
        country: c?.country ?? '',
      })}
      fromValues={(v) => companyFromValues(v, record?.ownerId ?? me)}
      detailHref={recordHref.company}
      listHref="/companies"
      nameOf={(f) => f.name}
    />
  );
}
