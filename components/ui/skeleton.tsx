/** One grey bar of a skeleton (decoration: hidden from assistive technology by its parent). */
function Bar({ className }: { className: string }) {
  return <span className={`block rounded bg-selected motion-safe:animate-pulse ${className}`} />;
}

/**
 * Grey shapes where rows will be while the local database opens (usually a few milliseconds,
 * longer on a cold start offline): the page keeps its layout, so nothing jumps when the rows
 * arrive. A screen reader hears `label`, never the shapes (without a label, the page says it is
 * loading elsewhere). `data-loading` lets tests and the accessibility scan wait for the real content.
 */
export function SkeletonRows({ label, rows = 6, avatar = true, sample = false }: { label?: string; rows?: number; avatar?: boolean; /** The design-system page's still copy: never done, so not marked as loading. */ sample?: boolean }) {
  return (
    <div role={label ? 'status' : undefined} data-loading={sample ? undefined : ''}>
      {label ? <span className="sr-only">{label}</span> : null}
      <ul aria-hidden="true" className="flex flex-col">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex min-h-13 items-center gap-3 px-1">
            {avatar ? <Bar className="h-10 w-10 shrink-0 rounded-full" /> : null}
            <span className="flex flex-1 flex-col gap-1.5">
              {/* Varied widths read as text, not as a striped box. */}
              <Bar className={`h-4 ${i % 3 === 0 ? 'w-2/3' : i % 3 === 1 ? 'w-1/2' : 'w-3/5'}`} />
              <Bar className="h-3 w-1/3" />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The shape of a record page (highlights, then detail lines) while it loads. */
export function SkeletonRecord({ label }: { label: string }) {
  return (
    <div role="status" data-loading="" className="flex flex-col gap-4">
      <span className="sr-only">{label}</span>
      <div aria-hidden="true" className="flex items-center gap-3">
        <Bar className="h-14 w-14 shrink-0 rounded-full" />
        <span className="flex flex-1 flex-col gap-2">
          <Bar className="h-6 w-1/2" />
          <Bar className="h-4 w-1/3" />
        </span>
      </div>
      <div aria-hidden="true" className="flex flex-col gap-3">
        {['w-3/4', 'w-1/2', 'w-2/3', 'w-2/5'].map((w) => (
          <Bar key={w} className={`h-4 ${w}`} />
        ))}
      </div>
    </div>
  );
}
