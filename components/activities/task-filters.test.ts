import { describe, expect, it } from 'vitest';
import type { Activity } from '@/components/records/record-types';
import { isOverdue } from '@/components/records/activity-kinds';
import { dueByEndOfToday, tasksFor, visitsOn } from './task-filters';

const ME = 'me';
let n = 0;
function act(p: Partial<Activity>): Activity {
  n += 1;
  return {
    id: `a${n}`,
    kind: 'task',
    subject: `s${n}`,
    body: null,
    dueAt: null,
    done: false,
    occurredAt: null,
    contactId: null,
    companyId: null,
    dealId: null,
    ownerId: ME,
    latitude: null,
    longitude: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...p,
  };
}

const now = new Date(2026, 10, 20, 12, 0, 0); // local noon
const at = (days: number, hour: number) => new Date(2026, 10, 20 + days, hour).toISOString();

describe('today', () => {
  it('lists my open tasks due by tonight, overdue first, and leaves out later, done and other people’s tasks', () => {
    const overdue = act({ subject: 'overdue', dueAt: at(-2, 9) });
    const tonight = act({ subject: 'tonight', dueAt: at(0, 22) });
    const acts = [tonight, act({ dueAt: at(1, 9) }), act({ dueAt: at(-1, 9), done: true }), act({ dueAt: at(-1, 9), ownerId: 'someone' }), overdue];
    expect(dueByEndOfToday(acts, now, ME).map((a) => a.subject)).toEqual(['overdue', 'tonight']);
    expect(isOverdue(overdue, now)).toBe(true);
    expect(isOverdue(tonight, now)).toBe(false);
  });

  it('finds today’s visits, done or planned', () => {
    const done = act({ kind: 'visit', subject: 'done', occurredAt: at(0, 9) });
    const planned = act({ kind: 'visit', subject: 'planned', dueAt: at(0, 15) });
    expect(visitsOn([planned, done, act({ kind: 'visit', occurredAt: at(-1, 9) }), act({ kind: 'call', occurredAt: at(0, 9) })], now, ME).map((a) => a.subject)).toEqual([
      'done',
      'planned',
    ]);
  });

  it('orders open tasks by due date and done tasks last', () => {
    const a = act({ subject: 'later', dueAt: at(3, 9) });
    const b = act({ subject: 'sooner', dueAt: at(1, 9) });
    const c = act({ subject: 'finished', dueAt: at(-5, 9), done: true });
    expect(tasksFor([a, c, b], 'all').map((t) => t.subject)).toEqual(['sooner', 'later', 'finished']);
    expect(tasksFor([a, c, b], 'done').map((t) => t.subject)).toEqual(['finished']);
    expect(tasksFor([a, c, b], 'open')).toHaveLength(2);
  });
});
