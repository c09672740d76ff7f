// Shared with the browser: pipeline arithmetic for the board (pure, tested beside).
import { STAGE_CHANGE_PREFIX } from '@/components/records/activity-kinds';
import type { Deal, Stage } from '@/components/records/record-types';

export interface StageTotal {
  stage: Stage;
  deals: Deal[];
  /** Sum of amounts per currency (a pipeline may hold deals in several currencies). */
  amountByCurrency: Record<string, number>;
}

/** Deals grouped by stage in pipeline order, with totals; deals of unknown stages are left out. */
export function stageTotals(deals: readonly Deal[], stages: readonly Stage[]): StageTotal[] {
  const byStage = new Map<string, StageTotal>(stages.map((stage) => [stage.id, { stage, deals: [], amountByCurrency: {} }]));
  for (const deal of deals) {
    const total = byStage.get(deal.stageId);
    if (!total) continue;
    total.deals.push(deal);
    total.amountByCurrency[deal.currency] = (total.amountByCurrency[deal.currency] ?? 0) + deal.amountCents;
  }
  return [...byStage.values()];
}

/** A deal's status follows its stage: 100 % is won, 0 % is lost, anything else is open. */
export function statusForStage(stage: Pick<Stage, 'probability'>): Deal['status'] {
  return stage.probability >= 100 ? 'won' : stage.probability <= 0 ? 'lost' : 'open';
}

/** The subject of the note that records a move (see STAGE_CHANGE_PREFIX). */
export function stageChangeSubject(from: string, to: string): string {
  return `${STAGE_CHANGE_PREFIX}${from} → ${to}`;
}
