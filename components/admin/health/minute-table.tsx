import type { TenantMinute as MinutePoint } from '@/lib/observability/tenant-traffic';
import { ScrollRegion } from '@/components/ui/scroll-region';

const COLUMNS = [
  ['requests', 'Requests'],
  ['serverErrors', 'Server errors (5xx)'],
  ['clientErrors', 'Refused (4xx)'],
  ['syncPushed', 'Sync docs pushed'],
  ['syncPulled', 'Sync docs pulled'],
  ['syncConflicts', 'Sync conflicts'],
  ['syncErrors', 'Sync errors'],
  ['rateLimited', 'Rate-limited'],
  ['ipBlocked', 'IP refused'],
] as const;

/** The charts' figures as a table, newest minute first. */
export function MinuteTable({ points }: { points: readonly MinutePoint[] }) {
  if (points.length === 0) return <p>No complete minute yet: figures appear one minute after this server first answers your organization.</p>;
  return (
    <ScrollRegion aria-labelledby="minutes-caption">
      <table className="w-full border-collapse text-left">
        <caption id="minutes-caption" className="text-left font-semibold">
          Per minute, your organization on this server, newest first
        </caption>
        <thead>
          <tr className="border-b border-border">
            <th scope="col" className="p-2">
              Minute ending (UTC)
            </th>
            {COLUMNS.map(([key, label]) => (
              <th key={key} scope="col" className="p-2">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr key={p.at} className="border-b border-border">
              <th scope="row" className="p-2 font-normal">
                {p.at.slice(11, 16)}
              </th>
              {COLUMNS.map(([key]) => (
                <td key={key} className="p-2 tabular-nums">
                  {p[key]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
