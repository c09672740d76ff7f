// Which other collections a record write can move in or out of phones' sync scopes. The
// triggers of migrations 0018 (scope by person) and 0020 (scope by territory) log those moves
// in sync_scope_moves and NOTIFY each collection they touch; this list mirrors them, so this
// process's caught-up cache drops those collections at commit too (the NOTIFY reaches it a
// moment later: a pull made here right after the write was answered "caught up" from the
// cache and missed a contact that its new company's territory brings in). The mirror is
// checked against the triggers in sync/server/local-write-signals.test.ts.

/** Per written collection, the other collections its write may log scope moves for. */
export const SCOPE_MOVE_TARGETS: Readonly<Record<string, readonly string[]>> = {
  // A company's territory (its country) takes its contacts, deals and activities along.
  companies: ['contacts', 'deals', 'activities'],
  // A contact's company is linked to the contact's owner (scope by person).
  contacts: ['companies'],
  // A deal's or activity's contact and company are linked to its owner (scope by person).
  deals: ['contacts', 'companies'],
  activities: ['contacts', 'companies'],
};
