'use client';

import { useMemo } from 'react';
import type { Role } from '@/lib/auth/roles';
import type { Viewer } from './owners';
import { useSyncDb } from './use-sync-db';

/** Who is looking, and whose work they may choose to see (null while the database opens). */
export function useViewer(): (Viewer & { role: Role | null }) | null {
  const state = useSyncDb();
  const handle = state.status === 'ready' ? state.handle : null;
  return useMemo(() => (handle ? { userId: handle.userId, team: handle.team, people: handle.people, role: handle.role } : null), [handle]);
}
