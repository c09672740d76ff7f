import type { TenantMinute as MinutePoint } from '@/lib/observability/tenant-traffic';

type Field = Exclude<keyof MinutePoint, 'at'>;

const W = 600;
const H = 120;

/**
 * Bars per minute for the last hour. The picture is summarised in its label and the page
 * repeats every figure in the per-minute table, so nothing is only visual (WCAG 1.1.1).
 */
export function MinuteChart({ title, points, fields }: { title: string; points: readonly MinutePoint[]; fields: readonly Field[] }) {
  const values = points.map((p) => fields.reduce((n, f) => n + p[f], 0));
  const peak = Math.max(0, ...values);
  const last = values.at(-1) ?? 0;
  const peakAt = peak > 0 ? points[values.indexOf(peak)]?.at.slice(11, 16) : undefined;
  const summary =
    points.length === 0
      ? `${title}: no complete minute yet.`
      : `${title}: last minute ${last}, peak ${peak}${peakAt ? ` at ${peakAt} UTC` : ''}, over ${points.length} minute${points.length === 1 ? '' : 's'}.`;
  const slot = W / Math.max(points.length, 1);
  return (
    <figure className="flex flex-col gap-1">
      <figcaption className="font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="h-32 w-full max-w-prose rounded-md border border-border text-primary">
        {values.map((v, i) => {
          const h = peak === 0 ? 0 : Math.max(2, (v / peak) * (H - 8));
          return <rect key={points[i]!.at} x={i * slot + 1} y={H - h} width={Math.max(1, slot - 2)} height={h} fill="currentColor" />;
        })}
      </svg>
      <p className="text-sm">{summary}</p>
    </figure>
  );
}
