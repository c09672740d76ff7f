import { describe, expect, it } from 'vitest';
import { emptyDefinition, type WorkflowDefinition } from './definition';
import { addStep, connect, deleteStep, disconnect, moveStep, outlineOrder, record, redo, undo, updateStep, type EditResult } from './edit-definition';
import { validateDefinition } from './validate-definition';

function ok(r: EditResult): WorkflowDefinition {
  if (!r.ok) throw new Error(r.message);
  return r.definition;
}
const chain = (def: WorkflowDefinition) => outlineOrder(def).map((o) => o.step.id);

describe('edit-definition', () => {
  it('builds a chain by inserting after the trigger and after steps', () => {
    let def = ok(addStep(emptyDefinition(), 'notify', 'trigger'));
    def = ok(addStep(def, 'wait', 'notify-1'));
    def = ok(addStep(def, 'stop', 'wait-1'));
    expect(chain(def)).toEqual(['notify-1', 'wait-1', 'stop-1']);
    // Inserting in the middle keeps the rest connected.
    const r = addStep(def, 'notify', 'notify-1');
    expect(r.ok && r.message).toBe('Added "Notify 2" after "Notify 1"');
    def = ok(r);
    expect(chain(def)).toEqual(['notify-1', 'notify-2', 'wait-1', 'stop-1']);
    expect(validateDefinition(def).issues).toEqual([]);
  });

  it('connects condition branches and refuses loops, self-links and links out of a stop', () => {
    let def = ok(addStep(emptyDefinition(), 'condition', 'trigger'));
    def = ok(addStep(def, 'notify', 'condition-1', 'true'));
    def = ok(addStep(def, 'stop', 'condition-1', 'false'));
    expect(def.edges.filter((e) => e.source === 'condition-1').map((e) => [e.branch, e.target])).toEqual([
      ['true', 'notify-1'],
      ['false', 'stop-1'],
    ]);
    expect(connect(def, 'notify-1', 'condition-1')).toEqual({ ok: false, message: 'Connecting "Notify 1" to "Condition 1" would make a loop' });
    expect(connect(def, 'notify-1', 'notify-1')).toMatchObject({ ok: false });
    expect(connect(def, 'stop-1', 'notify-1')).toMatchObject({ ok: false, message: '"Stop 1" is a stop step; nothing can follow it' });
    const r = connect(def, 'notify-1', 'stop-1');
    expect(r).toMatchObject({ ok: true, message: 'Connected "Notify 1" to "Stop 1"' });
    // Reconnecting a branch replaces the old edge on that branch only.
    const re = ok(connect(ok(r), 'condition-1', 'stop-1', 'true'));
    expect(re.edges.filter((e) => e.source === 'condition-1').map((e) => [e.branch, e.target])).toEqual([
      ['false', 'stop-1'],
      ['true', 'stop-1'],
    ]);
  });

  it('deletes a step and bridges the gap; disconnects an edge', () => {
    let def = ok(addStep(emptyDefinition(), 'notify', 'trigger'));
    def = ok(addStep(def, 'wait', 'notify-1'));
    def = ok(addStep(def, 'stop', 'wait-1'));
    const d = ok(deleteStep(def, 'wait-1'));
    expect(chain(d)).toEqual(['notify-1', 'stop-1']);
    expect(validateDefinition(d).ok).toBe(true);
    const edge = d.edges.find((e) => e.source === 'notify-1')?.id as string;
    const cut = ok(disconnect(d, edge));
    expect(validateDefinition(cut).issues.map((i) => i.message)).toEqual(['Step "Stop 1" (stop-1) cannot be reached from the trigger']);
  });

  it('reorders plain steps by swapping neighbours', () => {
    let def = ok(addStep(emptyDefinition(), 'notify', 'trigger'));
    def = ok(addStep(def, 'wait', 'notify-1'));
    def = ok(addStep(def, 'notify', 'wait-1'));
    const up = moveStep(def, 'notify-2', 'up');
    expect(up).toMatchObject({ ok: true, message: 'Moved "Notify 2" before "Wait 1"' });
    expect(chain(ok(up))).toEqual(['notify-1', 'notify-2', 'wait-1']);
    expect(chain(ok(moveStep(def, 'notify-1', 'down')))).toEqual(['wait-1', 'notify-1', 'notify-2']);
    expect(moveStep(def, 'notify-1', 'up')).toMatchObject({ ok: false, message: '"Notify 1" is already first' });
  });

  it('updates settings and keeps an undo/redo history', () => {
    const a = ok(addStep(emptyDefinition(), 'notify', 'trigger'));
    const step = a.steps[0];
    if (step?.type !== 'notify') throw new Error('expected notify');
    const b = ok(updateStep(a, { ...step, name: 'Tell the boss' }));
    let h = record({ past: [], present: emptyDefinition(), future: [] }, a);
    h = record(h, b);
    expect(h.present.steps[0]?.name).toBe('Tell the boss');
    h = undo(h);
    expect(h.present.steps[0]?.name).toBe('Notify 1');
    h = undo(h);
    expect(h.present.steps).toEqual([]);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present.steps[0]?.name).toBe('Tell the boss');
    // A new edit after undo drops the redo branch.
    h = record(undo(h), emptyDefinition());
    expect(h.future).toEqual([]);
  });
});
