// Shared with the browser: a contact's form (or CSV) values checked by the shared schema plus
// the form's own rules. Pure, so forms, CSV import and tests use the same rules.
import { contacts as contactsDef } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { blankToNull, emailError, schemaErrors, type FieldErrors, type FormValues } from '@/components/records/form-validation';
import type { NewRecord } from '@/components/records/record-types';

export const CONTACT_LABELS = { firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', title: 'Job title', companyId: 'Company' };

export function contactFromValues(values: FormValues, ownerId: string | null): { fields: NewRecord<'contacts'> } | { errors: FieldErrors } {
  const fields: NewRecord<'contacts'> = {
    firstName: (values.firstName ?? '').trim(),
    lastName: (values.lastName ?? '').trim(),
    email: blankToNull(values.email),
    phone: blankToNull(values.phone),
    title: blankToNull(values.title),
    companyId: blankToNull(values.companyId),
    ownerId,
  };
  const errors = schemaErrors(contactsDef as unknown as CollectionDef, fields, CONTACT_LABELS);
  if (!fields.firstName && !fields.lastName && !errors.firstName) errors.firstName = 'Enter a first name or a last name.';
  const badEmail = emailError(values.email ?? '');
  if (badEmail && !errors.email) errors.email = badEmail;
  return Object.keys(errors).length ? { errors } : { fields };
}
