import { describe, expect, it } from 'vitest';
import { STAGE_CHANGE_PREFIX } from '@/components/records/activity-kinds';
import type { Activity } from '@/components/records/record-types';
import { activityByWeek, activitySummary, doneTasksQuery } from './activity-weeks';

// Local times throughout: weeks are the device's, so the test holds in any time zone.
// Wednesday 18 March 2026, 10:00: its week starts on Monday 16 March.
const NOW = new Date(2026, 2, 18, 10, 0);
const local = (month: number, day: number, hour = 12) => new Date(2026, month - 1, day, hour).toISOString();

let n = 0;
function activity(kind: Activity['kind'], at: string, extra: Partial<Activity> = {}): Activity {
  n += 1;
  return {
    id: `a${n}`,
    kind,
    subject: 'Talked',
    body: null,
    dueAt: null,
    done: kind !== 'task',
    occurredAt: kind === 'task' ? null : at,
    contactId: null,
    companyId: null,
    dealId: null,
    ownerId: null,
    latitude: null,
    longitude: null,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

describe('activity per week', () => {
  it('counts calls, visits, notes and done tasks in the last twelve Monday-to-Sunday weeks, oldest first', () => {
    const rows = activityByWeek(
      [
        activity('call', local(3, 16, 0)), // Monday 00:00 of the current week
        activity('call', local(3, 15, 23)), // Sunday before: the week of 9 March
        activity('visit', local(3, 18, 9)),
        activity('note', local(3, 17)),
        activity('note', local(3, 17), { subject: `${STAGE_CHANGE_PREFIX}Lead → Won` }), // the board's record, not a note
        activity('task', local(3, 17), { done: true }), // done: counted by its last change
        activity('task', local(3, 17), { done: false }), // open: not counted
        activity('call', local(3, 23)), // next week: not yet
        activity('call', new Date(2025, 11, 29, 12).toISOString()), // Monday 29 Dec 2025: the oldest week
        activity('call', new Date(2025, 11, 28, 12).toISOString()), // the Sunday before: too old
      ],
      NOW,
    );
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ weekStart: '2025-12-29', label: '29 Dec', calls: 1 });
    expect(rows[10]).toMatchObject({ weekStart: '2026-03-09', label: '9 Mar', calls: 1, visits: 0 });
    expect(rows[11]).toEqual({ weekStart: '2026-03-16', label: '16 Mar', calls: 1, visits: 1, notes: 1, tasksDone: 1 });
    expect(rows.slice(1, 10).every((r) => r.calls + r.visits + r.notes + r.tasksDone === 0)).toBe(true);
  });

  it('uses the time a call happened, not when it was typed in', () => {
    const rows = activityByWeek([activity('call', local(3, 10), { createdAt: local(3, 17) })], NOW);
    expect(rows[10]!.calls).toBe(1);
    expect(rows[11]!.calls).toBe(0);
  });

  it('sums the period and names the busiest week', () => {
    const rows = activityByWeek([activity('call', local(3, 10)), activity('call', local(3, 11)), activity('task', local(3, 17), { done: true })], NOW);
    expect(activitySummary(rows)).toBe('Over the last 12 weeks: 2 calls, 0 visits, 0 notes and 1 task done. Busiest: the week of 9 Mar, with 2.');
    expect(activitySummary(activityByWeek([], NOW))).toBe('Nothing logged in the last 12 weeks.');
  });
});

describe('the done-tasks query', () => {
  it('asks the local database for the chosen owners’ tasks done since the oldest charted Monday', () => {
    expect(doneTasksQuery(['u1', null], NOW)).toEqual({
      selector: { kind: 'task', done: true, updatedAt: { $gte: new Date(2025, 11, 29).toISOString() }, ownerId: { $in: ['u1', null] } },
    });
    expect(doneTasksQuery(null, NOW).selector).not.toHaveProperty('ownerId');
  });
});
