import type { Metadata } from 'next';
import { AuditDetails, FieldChangeList } from '@/components/audit/field-changes';
import { VerifyChainButton } from '@/components/audit/verify-chain-button';
import { buttonClass } from '@/components/auth/field';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { parseAuditParams } from '@/lib/audit/audit-filter-params';
import { nameOf } from '@/lib/audit/audit-names';
import { listAuditEntriesNamed } from '@/lib/audit/audit-service';
import { requirePageSession } from '@/lib/auth/page-session';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { formatUtc } from '@/lib/design/dates';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const FIELDS = [
  { name: 'action', label: 'Action', hint: 'Exact (record.update) or an area ending in a dot (auth.)' },
  { name: 'actorId', label: 'Actor id', hint: 'The user id of who acted' },
  { name: 'targetType', label: 'Record type', hint: 'For example deals or user' },
  { name: 'targetId', label: 'Record id', hint: '' },
  { name: 'from', label: 'From', hint: 'Date and time, e.g. 2026-11-01T00:00:00Z' },
  { name: 'to', label: 'To', hint: 'e.g. 2026-11-30T23:59:59Z' },
] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, allowed } = await requirePageSession('/audit', 'audit:read');
  if (!allowed) return <NotAllowed title="Audit log" />;
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  const filter = parseAuditParams(params);
  const { entries, names } = filter.success ? await listAuditEntriesNamed(ctx, filter.data) : { entries: [], names: {} };
  const errors = filter.success ? [] : filter.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
  const query = params.toString();

  return (
    <>
      <PageHeader title="Audit log" description="Every sign-in, change of data, role and setting in this organization, hash-chained so tampering shows." />
      <section aria-labelledby="filter-heading" className="mb-6">
        <h2 id="filter-heading" className="text-xl font-semibold">
          Filter
        </h2>
        {errors.length ? (
          <div role="alert" className="my-2 font-semibold text-danger">
            <p>The filter has {errors.length === 1 ? 'a problem' : `${errors.length} problems`}:</p>
            <ul className="list-disc pl-6">
              {errors.map((e) => (
                <li key={e.field + e.message}>
                  <a href={`#f-${e.field}`} className="inline-flex min-h-target items-center underline">
                    {FIELDS.find((f) => f.name === e.field)?.label ?? e.field}: {e.message}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="get" className="grid gap-3 sm:grid-cols-2">
          {FIELDS.map((f) => {
            const error = errors.find((e) => e.field === f.name);
            return (
              <div key={f.name} className="flex flex-col gap-1">
                <label htmlFor={`f-${f.name}`} className="font-semibold">
                  {f.label}
                </label>
                {f.hint ? (
                  <p id={`f-${f.name}-hint`} className="text-sm text-muted">
                    {f.hint}
                  </p>
                ) : null}
                <input
                  id={`f-${f.name}`}
                  name={f.name}
                  defaultValue={params.get(f.name) ?? ''}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={[f.hint ? `f-${f.name}-hint` : '', error ? `f-${f.name}-error` : ''].filter(Boolean).join(' ') || undefined}
                  className="min-h-target rounded-md border border-border bg-bg px-3 text-text"
                />
                {error ? (
                  <p id={`f-${f.name}-error`} className="text-sm text-danger">
                    {error.message}
                  </p>
                ) : null}
              </div>
            );
          })}
          <div className="flex items-end">
            <button type="submit" className={buttonClass}>
              Apply filter
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="integrity-heading" className="mb-6">
        <h2 id="integrity-heading" className="text-xl font-semibold">
          Integrity and export
        </h2>
        <div className="flex flex-wrap items-start gap-3">
          <VerifyChainButton />
          <a href={`/api/audit/export?${query}${query ? '&' : ''}format=csv`} className="inline-flex min-h-target items-center text-link underline">
            Export these entries as <Abbr term="CSV" expand />
          </a>
          <a href={`/api/audit/export?${query}${query ? '&' : ''}format=json`} className="inline-flex min-h-target items-center text-link underline">
            Export these entries as JSON
          </a>
        </div>
      </section>
      <section>
        <h2 id="entries-heading" className="text-xl font-semibold">
          Entries <span className="text-base font-normal text-muted">({entries.length}, newest first)</span>
        </h2>
        {entries.length === 0 ? (
          <p>No entries match.</p>
        ) : (
          <ScrollRegion aria-label="Audit entries table, scrolls sideways">
            <table className="w-full border-collapse text-left">
              <thead>
                <tr className="border-b border-border">
                  <th scope="col" className="p-2">#</th>
                  <th scope="col" className="p-2">Time</th>
                  <th scope="col" className="p-2">Actor</th>
                  <th scope="col" className="p-2">Action</th>
                  <th scope="col" className="p-2">Record</th>
                  <th scope="col" className="p-2">Details</th>
                  <th scope="col" className="p-2">IP address</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.seq} className="border-b border-border align-top">
                    <td className="p-2">{e.seq}</td>
                    <td className="p-2 whitespace-nowrap">{formatUtc(e.occurredAt, { seconds: true })}</td>
                    <td className="p-2">{e.actorName ?? e.actorId ?? 'system'}</td>
                    <td className="p-2">{e.action}</td>
                    <td className="p-2">
                      {e.targetType ?? ''}
                      {e.targetId ? (
                        <>
                          {' '}
                          {nameOf(names, e.targetId) ? <span className="font-semibold">{nameOf(names, e.targetId)}</span> : null}{' '}
                          <span className="text-sm break-all text-muted">{e.targetId}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="p-2 text-sm break-all">
                      {e.changes ? <FieldChangeList changes={e.changes} names={names} /> : null}
                      <AuditDetails data={e.data} names={names} />
                    </td>
                    <td className="p-2">{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </>
  );
}
