import { describe, expect, it } from 'vitest';
import { byWhom, ownerName, ownersOf, whoseChoices, type Viewer } from './owners';

const ME = 'me';

describe('whose work', () => {
  const viewer: Viewer = {
    userId: ME,
    team: 'North',
    people: [
      { id: ME, name: 'Me', team: 'North', active: true },
      { id: 'mate', name: 'Mo Mate', team: 'North', active: true },
      { id: 'gone', name: 'Gil Gone', team: 'north', active: false },
      { id: 'far', name: 'Fay Far', team: 'South', active: true },
      { id: 'solo', name: 'Sol', team: null, active: true },
    ],
  };

  it('mine is mine and the shared; my team adds my team-mates (without case, the departed too); everyone is anyone', () => {
    expect(ownersOf('mine', viewer)).toEqual([ME, null]);
    expect(ownersOf('team', viewer)).toEqual([ME, 'mate', 'gone', null]);
    expect(ownersOf('everyone', viewer)).toBeNull();
    // Without a team, my team is me; without knowing who I am, nothing is narrowed.
    expect(ownersOf('team', { ...viewer, team: null })).toEqual([ME, null]);
    expect(ownersOf('mine', { ...viewer, userId: null })).toBeNull();
  });

  it('names an owner: me, a colleague, nobody, or someone who left', () => {
    expect(ownerName(ME, viewer)).toBe('You');
    expect(ownerName('far', viewer)).toBe('Fay Far');
    expect(ownerName(null, viewer)).toBe('No owner');
    expect(ownerName('left', viewer)).toBe('A former member');
    expect([byWhom(ME, viewer), byWhom('far', viewer), byWhom(null, viewer)]).toEqual(['you', 'Fay Far', null]);
  });

  it('offers a rep no choice, a manager their team and everyone, and starts an auditor at everyone', () => {
    expect(whoseChoices({ role: 'rep', team: 'North' })).toEqual({ choices: [], initial: 'mine' });
    expect(whoseChoices({ role: 'manager', team: 'North' }).choices.map((c) => c.id)).toEqual(['mine', 'team', 'everyone']);
    expect(whoseChoices({ role: 'admin', team: null }).choices.map((c) => c.id)).toEqual(['mine', 'everyone']);
    expect(whoseChoices({ role: 'auditor', team: null }).initial).toBe('everyone');
  });
});
