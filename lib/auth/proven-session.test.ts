import { describe, expect, it } from 'vitest';
import type { AuthState, SessionStage } from './auth-state';
import { provenSession } from './proven-session';

const state = (stage: SessionStage) => ({ stage, user: { id: 'u', email: 'u@test.example', name: 'U' } }) as AuthState;

describe('provenSession', () => {
  it('accepts a ready session and one that only has to enroll; refuses no session and one waiting for its code', () => {
    expect(provenSession(null)).toBeNull();
    expect(provenSession(state('needs_second_factor'))).toBeNull();
    expect(provenSession(state('ready'))?.user.id).toBe('u');
    expect(provenSession(state('needs_enrollment'))?.user.id).toBe('u');
  });
});
