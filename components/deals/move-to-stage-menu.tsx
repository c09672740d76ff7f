'use client';

import { Ellipsis } from 'lucide-react';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { MenuButton } from '@/components/ui/menu';
import { showToast } from '@/components/ui/toast-store';
import type { Deal, Pipeline } from '@/components/records/record-types';
import { useSyncDb } from '@/components/records/use-sync-db';
import { moveDealToStage } from './move-deal';

/**
 * "Move to stage" as the card's menu (a "⋯" button named "Move to stage: <deal>"): the
 * keyboard and single-tap way to move a deal, so no move needs dragging (WCAG 2.5.7). Focus
 * follows the deal to its new column (or stage tab).
 */
export function MoveToStageMenu({ deal, pipeline, onMoved }: { deal: Deal; pipeline: Pipeline; onMoved?: (stageId: string) => void }) {
  const state = useSyncDb();
  return (
    <MenuButton
      label="Move to stage"
      aria-label={`Move to stage: ${deal.name}`}
      variant="quiet"
      iconOnly={<Ellipsis aria-hidden="true" className="h-5 w-5" />}
      actions={pipeline.stages.filter((s) => s.id !== deal.stageId).map((s) => ({ id: s.id, label: s.name }))}
      onAction={(stageId) => {
        if (state.status !== 'ready') return;
        void moveDealToStage(state.handle.db, deal, pipeline, stageId, state.handle.userId).then((to) => {
          if (!to) return;
          showToast(`Moved ${deal.name} to ${to}.`, 'success');
          // A phone's board shows one stage: it turns to the deal's new one.
          onMoved?.(stageId);
          // The card re-renders in its new column; put focus back on its control there, or on
          // the new stage's heading when the card is not drawn (filtered out, or past "Show more").
          focusAfterRender(() => document.querySelector<HTMLElement>(`[data-deal-card="${deal.id}"] button`) ?? document.getElementById(`stage-${stageId}`));
        });
      }}
    />
  );
}
