// Browser module: moving a deal to another stage, the same way from the board, the list and
// the detail page: the stage and status change, and a history note is written with it.
import type { SyncDatabase } from '@/sync/client/create-database';
import type { Deal, Pipeline } from '@/components/records/record-types';
import { createRecord, updateRecord } from '@/components/records/record-writes';
import { stageChangeSubject, statusForStage } from './deal-stages';

export async function moveDealToStage(db: SyncDatabase, deal: Deal, pipeline: Pipeline, stageId: string, userId: string | null): Promise<string | null> {
  const to = pipeline.stages.find((s) => s.id === stageId);
  if (!to || deal.stageId === stageId) return null;
  const from = pipeline.stages.find((s) => s.id === deal.stageId);
  await updateRecord(db, 'deals', deal.id, { stageId, status: statusForStage(to) });
  const now = new Date().toISOString();
  await createRecord(db, 'activities', {
    kind: 'note',
    subject: stageChangeSubject(from?.name ?? deal.stageId, to.name),
    body: null,
    dueAt: null,
    done: true,
    occurredAt: now,
    contactId: deal.contactId,
    companyId: deal.companyId,
    dealId: deal.id,
    ownerId: userId,
    latitude: null,
    longitude: null,
  });
  return to.name;
}
