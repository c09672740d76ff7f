'use client';

import { useMemo } from 'react';
import { deals as dealsDef } from '@/sync/schema/collections';
import type { CollectionDef } from '@/sync/schema/define-collection';
import { centsToInput, parseAmountToCents } from '@/components/records/format';
import { blankToNull, schemaErrors, type FieldErrors, type FormValues } from '@/components/records/form-validation';
import type { FieldSpec } from '@/components/records/record-form';
import { RecordFormScreen } from '@/components/records/record-form-screen';
import { contactName, recordHref } from '@/components/records/record-names';
import type { Deal, NewRecord, Pipeline } from '@/components/records/record-types';
import { useQueryId } from '@/components/records/use-query-id';
import { useMyUserId, useRecord, useRecords } from '@/components/records/use-records';
import { statusForStage } from './deal-stages';
import { usePipelines } from './use-pipelines';

const LABELS = { name: 'Deal name', stage: 'Pipeline and stage', amount: 'Amount', currency: 'Currency', closeDate: 'Close date', companyId: 'Company', contactId: 'Contact' };

/** One choice per pipeline stage ("Sales · Proposal"), so no field depends on another. */
function stageKey(pipelineId: string, stageId: string): string {
  return `${pipelineId}|${stageId}`;
}

export function dealFromValues(values: FormValues, pipelines: readonly Pipeline[], ownerId: string | null): { fields: NewRecord<'deals'> } | { errors: FieldErrors } {
  const [pipelineId = '', stageId = ''] = (values.stage ?? '').split('|');
  const stage = pipelines.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === stageId);
  const cents = parseAmountToCents(values.amount ?? '');
  const fields: NewRecord<'deals'> = {
    name: (values.name ?? '').trim(),
    pipelineId,
    stageId,
    amountCents: cents ?? 0,
    currency: (values.currency ?? '').trim().toUpperCase(),
    closeDate: blankToNull(values.closeDate),
    status: stage ? statusForStage(stage) : 'open',
    companyId: blankToNull(values.companyId),
    contactId: blankToNull(values.contactId),
    ownerId,
  };
  const errors = schemaErrors(dealsDef as unknown as CollectionDef, fields, { ...LABELS, pipelineId: LABELS.stage, stageId: LABELS.stage, amountCents: LABELS.amount });
  if (errors.pipelineId || errors.stageId || !stage) errors.stage = 'Choose the stage this deal is in.';
  delete errors.pipelineId;
  delete errors.stageId;
  if (cents === null) errors.amount = 'Amount must be a number like 1200 or 1200.50.';
  delete errors.amountCents;
  if (errors.currency) errors.currency = 'Currency must be a three-letter code such as EUR.';
  return Object.keys(errors).length ? { errors } : { fields };
}

export function DealFormScreen() {
  const id = useQueryId();
  const record = useRecord('deals', id);
  const pipelines = usePipelines();
  const companies = useRecords('companies');
  const contacts = useRecords('contacts');
  const me = useMyUserId();
  const stageOptions = useMemo(() => (pipelines ?? []).flatMap((p) => p.stages.map((s) => ({ id: stageKey(p.id, s.id), label: `${p.name} · ${s.name}` }))), [pipelines]);
  const companyOptions = useMemo(() => (companies ?? []).map((c) => ({ id: c.id, label: c.name })).sort((a, b) => a.label.localeCompare(b.label)), [companies]);
  const contactOptions = useMemo(() => (contacts ?? []).map((c) => ({ id: c.id, label: contactName(c) })).sort((a, b) => a.label.localeCompare(b.label)), [contacts]);
  const fields: FieldSpec[] = [
    { name: 'name', label: LABELS.name, kind: 'text', required: true },
    { name: 'stage', label: LABELS.stage, kind: 'select', required: true, options: stageOptions },
    { name: 'amount', label: LABELS.amount, kind: 'amount', required: true, description: 'For example 1200 or 1200.50.' },
    { name: 'currency', label: LABELS.currency, kind: 'text', required: true, description: 'Three letters, for example EUR.' },
    { name: 'closeDate', label: LABELS.closeDate, kind: 'date' },
    { name: 'companyId', label: LABELS.companyId, kind: 'combo', options: companyOptions },
    { name: 'contactId', label: LABELS.contactId, kind: 'combo', options: contactOptions },
  ];
  const first = pipelines?.[0];
  return (
    <RecordFormScreen
      collection="deals"
      noun="deal"
      id={id}
      record={record}
      ready={pipelines !== undefined && companies !== undefined && contacts !== undefined}
      fields={fields}
      toValues={(d: Deal | null) => ({
        name: d?.name ?? '',
        stage: d ? stageKey(d.pipelineId, d.stageId) : first?.stages[0] ? stageKey(first.id, first.stages[0].id) : '',
        amount: d ? centsToInput(d.amountCents) : '',
        currency: d?.currency ?? 'EUR',
        closeDate: d?.closeDate ?? '',
        companyId: d?.companyId ?? '',
        contactId: d?.contactId ?? '',
      })}
      fromValues={(v) => dealFromValues(v, pipelines ?? [], record?.ownerId ?? me)}
      detailHref={recordHref.deal}
      listHref="/deals"
      nameOf={(f) => f.name}
    />
  );
}
