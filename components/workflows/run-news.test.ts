import { describe, expect, it } from 'vitest';
import { runNews } from './run-news';

describe('runNews', () => {
  it('says which runs are new and which ended, and nothing on the first read or when nothing ended', () => {
    expect(runNews(null, [{ id: 'a', status: 'queued' }])).toBe('');
    expect(runNews([{ id: 'a', status: 'queued' }], [{ id: 'a', status: 'running' }])).toBe('');
    expect(runNews([{ id: 'a', status: 'running' }], [{ id: 'b', status: 'queued' }, { id: 'a', status: 'succeeded' }])).toBe('1 new run; a run succeeded.');
    expect(
      runNews(
        [
          { id: 'a', status: 'waiting' },
          { id: 'b', status: 'running' },
        ],
        [
          { id: 'c', status: 'queued' },
          { id: 'd', status: 'queued' },
          { id: 'a', status: 'failed' },
          { id: 'b', status: 'failed' },
        ],
      ),
    ).toBe('2 new runs; 2 runs failed.');
  });
});
