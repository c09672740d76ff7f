'use client';

import { useMemo } from 'react';
import { CONTACT_LABELS, contactFromValues } from './contact-values';
import type { FieldSpec } from '@/components/records/record-form';
import { RecordFormScreen } from '@/components/records/record-form-screen';
import { contactName, recordHref } from '@/components/records/record-names';
import type { Contact } from '@/components/records/record-types';
import { useQueryId } from '@/components/records/use-query-id';
import { useMyUserId, useRecord, useRecords } from '@/components/records/use-records';

const LABELS = CONTACT_LABELS;

export function ContactFormScreen() {
  const id = useQueryId();
  const record = useRecord('contacts', id);
  const companies = useRecords('companies');
  const me = useMyUserId();
  const companyOptions = useMemo(() => (companies ?? []).map((c) => ({ id: c.id, label: c.name })).sort((a, b) => a.label.localeCompare(b.label)), [companies]);
  const fields: FieldSpec[] = [
    { name: 'firstName', label: LABELS.firstName, kind: 'text', description: 'A first or a last name is needed.' },
    { name: 'lastName', label: LABELS.lastName, kind: 'text' },
    { name: 'email', label: LABELS.email, kind: 'email' },
    { name: 'phone', label: LABELS.phone, kind: 'tel' },
    { name: 'title', label: LABELS.title, kind: 'text' },
    { name: 'companyId', label: LABELS.companyId, kind: 'combo', options: companyOptions, description: 'Type to filter your companies.' },
  ];
  return (
    <RecordFormScreen
      collection="contacts"
      noun="contact"
      id={id}
      record={record}
      ready={companies !== undefined}
      fields={fields}
      toValues={(c: Contact | null) => ({
        firstName: c?.firstName ?? '',
        lastName: c?.lastName ?? '',
        email: c?.email ?? '',
        phone: c?.phone ?? '',
        title: c?.title ?? '',
        companyId: c?.companyId ?? '',
      })}
      fromValues={(v) => contactFromValues(v, record?.ownerId ?? me)}
      detailHref={recordHref.contact}
      listHref="/contacts"
      nameOf={contactName}
    />
  );
}
