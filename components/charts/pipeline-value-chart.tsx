'use client';

import { useId, useMemo } from 'react';
import type { StageTotal } from '@/components/deals/deal-stages';
import { formatTotals } from '@/components/records/format';
import { ChartFigure } from './chart-figure';
import { ChartTable } from './chart-table';
import { pipelineValue } from './pipeline-value';

/** Pipeline value by stage (from stageTotals), with a table of deals and value per stage in every currency. */
export function PipelineValueChart({ totals, title = 'Pipeline value by stage' }: { totals: readonly StageTotal[]; title?: string }) {
  const captionId = useId();
  const figures = useMemo(() => pipelineValue(totals), [totals]);
  return (
    <ChartFigure title={title} summary={figures.summary} spec={figures.spec} empty="No deals in this pipeline yet.">
      <ChartTable
        id={captionId}
        caption={`${title}: deals and value per stage`}
        head="Stage"
        columns={['Deals', 'Value']}
        rows={totals.map((t) => ({ key: t.stage.id, header: t.stage.name, cells: [t.deals.length, formatTotals(t.amountByCurrency)] }))}
      />
    </ChartFigure>
  );
}
