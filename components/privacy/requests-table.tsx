'use client';

import { ShieldUser } from 'lucide-react';
import type { Ref } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonRows } from '@/components/ui/skeleton';
import { DataTable, type DataColumn } from '@/components/ui/table';
import { formatUtc } from '@/lib/design/dates';
import type { PrivacyRequest } from './api';
import { REQUEST_KIND_TEXT, summaryText } from './labels';

/** One request as the table shows it: words and ISO instants only (the table sorts them). */
type RequestRow = {
  id: string;
  createdAt: string;
  kind: string;
  subjectId: string;
  requestedBy: string;
  summary: string;
};

/** The table's rows from the server's requests. */
export function requestRows(requests: readonly PrivacyRequest[]): RequestRow[] {
  return requests.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    kind: REQUEST_KIND_TEXT[r.kind] ?? r.kind,
    subjectId: r.subjectId,
    requestedBy: r.requestedBy.name ?? 'A former member',
    summary: summaryText(r.summary, r.kind),
  }));
}

const COLUMNS: readonly DataColumn<RequestRow>[] = [
  { id: 'createdAt', label: 'When (UTC)', isRowHeader: true, allowsSorting: true, render: (r) => <span className="whitespace-nowrap">{formatUtc(r.createdAt)}</span> },
  { id: 'kind', label: 'Request', allowsSorting: true },
  { id: 'subjectId', label: 'Contact id', render: (r) => <code className="break-all">{r.subjectId}</code> },
  { id: 'requestedBy', label: 'Made by', allowsSorting: true },
  { id: 'summary', label: 'What it covered' },
];

export interface RequestsTableProps {
  /** Null while the list is read for the first time. */
  requests: readonly PrivacyRequest[] | null;
  /** Why the list could not be read, if it could not. */
  problem: string | null;
  onReload: () => void;
  headingRef: Ref<HTMLHeadingElement>;
}

/**
 * Every export and erasure of the organization, newest first: when, which kind, about which
 * contact (by id: an erased person's name is gone), who made it and what it covered, in counts
 * only, never the values.
 */
export function RequestsTable({ requests, problem, onReload, headingRef }: RequestsTableProps) {
  return (
    <section aria-labelledby="requests-heading" className="flex flex-col gap-stack">
      <h2 id="requests-heading" ref={headingRef} tabIndex={-1} className="text-title-sm">
        Requests
      </h2>
      <p>Each export and erasure is kept here and in the audit log, with counts only: what was erased is not kept anywhere.</p>
      {problem ? (
        <div className="flex flex-wrap items-center gap-cluster">
          <p role="alert">{problem}</p>
          <Button variant="secondary" onPress={onReload}>
            Read the requests again
          </Button>
        </div>
      ) : null}
      {!requests && !problem ? <SkeletonRows label="Reading the requests…" rows={3} avatar={false} /> : null}
      {requests && requests.length === 0 ? (
        <EmptyState icon={ShieldUser} title="No privacy requests yet">
          Exports and erasures made on this page are listed here, newest first.
        </EmptyState>
      ) : null}
      {requests && requests.length > 0 ? (
        <DataTable label="Privacy requests" columns={COLUMNS} rows={requestRows(requests)} emptyText="No privacy requests yet." initialSort={{ column: 'createdAt', direction: 'descending' }} />
      ) : null}
    </section>
  );
}
