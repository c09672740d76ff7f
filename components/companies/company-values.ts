// Shared with the browser: a company's form (or CSV) values checked by the shared schema.
import { companies as companiesDef } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { blankToNull, schemaErrors, type FieldErrors, type FormValues } from '@/components/records/form-validation';
import type { NewRecord } from '@/components/records/record-types';

export const COMPANY_LABELS = { name: 'Company name', domain: 'Website', industry: 'Industry', phone: 'Phone', address: 'Street address', city: 'City', country: 'Country' };

export function companyFromValues(values: FormValues, ownerId: string | null): { fields: NewRecord<'companies'> } | { errors: FieldErrors } {
  const fields: NewRecord<'companies'> = {
    name: (values.name ?? '').trim(),
    // People paste whole URLs; the record keeps the bare domain.
    domain: blankToNull((values.domain ?? '').replace(/^https?:\/\//i, '').replace(/\/.*$/, '')),
    industry: blankToNull(values.industry),
    phone: blankToNull(values.phone),
    address: blankToNull(values.address),
    city: blankToNull(values.city),
    country: blankToNull(values.country),
    ownerId,
  };
  const errors = schemaErrors(companiesDef as unknown as CollectionDef, fields, COMPANY_LABELS);
  return Object.keys(errors).length ? { errors } : { fields };
}
