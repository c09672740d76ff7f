import { describe, expect, it } from 'vitest';
import { pathForStage } from './api';

describe('pathForStage (where a session goes next)', () => {
  it('the code step keeps a waiting link', () => {
    expect(pathForStage('needs_second_factor', '/invite/abc')).toBe('/sign-in/verify?next=%2Finvite%2Fabc');
    expect(pathForStage('needs_second_factor')).toBe('/sign-in/verify');
    expect(pathForStage('ready', '/\\evil.example')).toBe('/today');
  });
});
