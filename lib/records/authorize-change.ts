import 'server-only';
import { can, canWriteRecord } from '../auth/roles';
import type { SessionContext } from '../auth/session-context';
import { AppError, ErrorCode } from '../http/app-error';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';

function ownerOf(def: CollectionDef, doc: AnyWireDoc | null): string | null {
  if (!doc || !def.ownerField) return null;
  const v = doc[def.ownerField];
  return typeof v === 'string' ? v : null;
}

/**
 * Throws 403 unless `actor` may turn `before` (null: the record is new) into `after`.
 * Pipelines are configuration (admins); records follow the role model: creating needs
 * records:create, changing needs the right to write both the current and the new owner's
 * record (a rep can neither edit another rep's deal nor hand a deal to someone else).
 */
export function authorizeChange(actor: SessionContext, def: CollectionDef, before: AnyWireDoc | null, after: AnyWireDoc): void {
  // Security: the message names the record but never says whether it exists elsewhere.
  const deny = () => new AppError(ErrorCode.Forbidden, `You may not change ${def.name} record ${after.id}.`);
  if (!def.ownerField) {
    if (!can(actor.role, 'pipelines:write')) throw deny();
    return;
  }
  if (!before || before._deleted) {
    if (!can(actor.role, 'records:create')) throw deny();
  } else if (!canWriteRecord(actor, ownerOf(def, before))) {
    throw deny();
  }
  if (!canWriteRecord(actor, ownerOf(def, after))) throw deny();
}
