import 'server-only';
import type { SessionContext } from '../auth/session-context';
import { AppError, ErrorCode } from '../http/app-error';
import type { CollectionDef } from '@/sync/schema/define-collection';
import type { AnyWireDoc } from '@/sync/schema/collections';
import { refusalOf } from './record-rules';

/** Throws 403 with the shared rule's reason unless `actor` may turn `before` into `after`. */
export function authorizeChange(actor: SessionContext, def: CollectionDef, before: AnyWireDoc | null, after: AnyWireDoc): void {
  const refusal = refusalOf(actor, def, before, after);
  if (refusal) throw new AppError(ErrorCode.Forbidden, `${refusal} (${def.name} record ${after.id})`);
}
