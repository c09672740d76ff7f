import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../env';
import { authorizeScrape } from './authorize-scrape';

const req = (auth?: string) => new Request('http://x/api/metrics', { headers: auth ? { authorization: auth } : {} });

describe('metrics scrape authorization', () => {
  afterEach(() => {
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
  });

  it('is disabled without a token configured', () => {
    resetEnvCache();
    expect(authorizeScrape(req('Bearer anything'))).toBe('disabled');
  });

  it('accepts only the configured bearer token', () => {
    process.env.METRICS_TOKEN = 'a-long-enough-scrape-token';
    resetEnvCache();
    expect(authorizeScrape(req('Bearer a-long-enough-scrape-token'))).toBe('ok');
    expect(authorizeScrape(req('Bearer a-long-enough-scrape-tokeN'))).toBe('denied');
    expect(authorizeScrape(req())).toBe('denied');
    expect(authorizeScrape(req('Basic a-long-enough-scrape-token'))).toBe('denied');
  });
});
