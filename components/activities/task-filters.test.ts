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
  it('lists my open tasks due today, then the overdue ones most recent first, and leaves out later, done and other people’s tasks', () => {
    const old = act({ subject: 'old', dueAt: at(-20, 9) });
    const overdue = act({ subject: 'overdue', dueAt: at(-2, 9) });
    const morning = act({ subject: 'this morning', dueAt: at(0, 8) });
    const tonight = act({ subject: 'tonight', dueAt: at(0, 22) });
    const acts = [old, tonight, act({ dueAt: at(1, 9) }), act({ dueAt: at(-1, 9), done: true }), act({ dueAt: at(-1, 9), ownerId: 'someone' }), overdue, morning];
    const due = dueByEndOfToday(acts, now, ME);
    expect(due.today.map((a) => a.subject)).toEqual(['this morning', 'tonight']);
    expect(due.overdue.map((a) => a.subject)).toEqual(['overdue', 'old']);
    // Due at 08:00 today and not done at noon: overdue in words, but listed with today's.
    expect(isOverdue(morning, now)).toBe(true);
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

  it('orders tasks: due today, overdue (most recent first), upcoming (soonest first), undated, then done (latest first)', () => {
    const tasks = [
      act({ subject: 'later', dueAt: at(3, 9) }),
      act({ subject: 'finished long ago', dueAt: at(-9, 9), done: true }),
      act({ subject: 'undated' }),
      act({ subject: 'last month', dueAt: at(-30, 9) }),
      act({ subject: 'today', dueAt: at(0, 15) }),
      act({ subject: 'sooner', dueAt: at(1, 9) }),
      act({ subject: 'finished', dueAt: at(-5, 9), done: true }),
      act({ subject: 'yesterday', dueAt: at(-1, 16) }),
    ];
    expect(tasksFor(tasks, 'all', now).map((t) => t.subject)).toEqual(['today', 'yesterday', 'last month', 'sooner', 'later', 'undated', 'finished', 'finished long ago']);
    expect(tasksFor(tasks, 'done', now).map((t) => t.subject)).toEqual(['finished', 'finished long ago']);
    expect(tasksFor(tasks, 'open', now)).toHaveLength(6);
  });
});
