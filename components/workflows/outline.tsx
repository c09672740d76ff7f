'use client';
import { useId, useRef, useState, type MouseEvent } from 'react';
import { STEP_TYPES, TRIGGER_NODE, type StepType, type WorkflowDefinition } from '@/lib/workflows/definition';
import { STEP_LABELS, addStep, connect, deleteStep, disconnect, moveStep, nodeName, outlineOrder, type EditResult } from '@/lib/workflows/edit-definition';
import type { DefinitionIssue } from '@/lib/workflows/validate-definition';
import { buttonClass, inputClass, primaryButtonClass } from './fields-ui';

type Panel = { kind: 'add' | 'connect'; node: string } | null;

/**
 * The structured outline of the graph: every edit the canvas offers (add, connect, reorder,
 * delete, configure) as buttons and forms, so the builder needs no pointer and no dragging.
 */
export function Outline({ def, issues, selected, onSelect, onEdit }: {
  def: WorkflowDefinition;
  issues: DefinitionIssue[];
  selected: string | null;
  onSelect: (id: string) => void;
  onEdit: (r: EditResult) => void;
}) {
  const [panel, setPanel] = useState<Panel>(null);
  const [type, setType] = useState<StepType>('create_record');
  const [branch, setBranch] = useState<'true' | 'false'>('true');
  const [target, setTarget] = useState('');
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  const uid = useId();

  const open = (p: Panel, button: HTMLButtonElement) => {
    returnFocus.current = button;
    setPanel(p);
    setBranch('true');
    setTarget('');
  };
  const close = () => {
    setPanel(null);
    returnFocus.current?.focus();
  };
  const isCondition = (id: string) => def.steps.find((s) => s.id === id)?.type === 'condition';

  const renderPanel = (node: string) => {
    if (!panel || panel.node !== node) return null;
    const branchSelect = isCondition(node) ? (
      <div>
        <label htmlFor={`${uid}-branch`} className="mb-1 block">
          Branch
        </label>
        <select id={`${uid}-branch`} className={inputClass} value={branch} onChange={(e) => setBranch(e.target.value as 'true' | 'false')}>
          <option value="true">yes (condition true)</option>
          <option value="false">no (condition false)</option>
        </select>
      </div>
    ) : null;
    return (
      <form
        className="mt-2 space-y-2 rounded border border-border bg-surface p-2"
        aria-label={panel.kind === 'add' ? `Add a step after ${nodeName(def, node)}` : `Connect ${nodeName(def, node)} to…`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          const r = panel.kind === 'add' ? addStep(def, type, node, branch) : connect(def, node, target, branch);
          onEdit(r);
          if (r.ok) {
            setPanel(null);
            if (panel.kind === 'add' && r.stepId) onSelect(r.stepId);
            else returnFocus.current?.focus();
          }
        }}
      >
        {panel.kind === 'add' ? (
          <div>
            <label htmlFor={`${uid}-type`} className="mb-1 block">
              Step type
            </label>
            <select id={`${uid}-type`} autoFocus className={inputClass} value={type} onChange={(e) => setType(e.target.value as StepType)}>
              {STEP_TYPES.map((t) => (
                <option key={t} value={t}>
                  {STEP_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div>
            <label htmlFor={`${uid}-target`} className="mb-1 block">
              Connect to
            </label>
            <select id={`${uid}-target`} autoFocus required className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">(choose a step)</option>
              {def.steps
                .filter((s) => s.id !== node)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        {branchSelect}
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={primaryButtonClass}>
            {panel.kind === 'add' ? 'Add step' : 'Connect'}
          </button>
          <button type="button" className={buttonClass} onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    );
  };

  const items = outlineOrder(def);
  return (
    <section aria-labelledby="outline-heading">
      <h2 id="outline-heading" className="mb-2 text-xl font-semibold">
        Outline
      </h2>
      <ol className="space-y-2">
        <li className={`rounded border p-2 ${selected === TRIGGER_NODE ? 'border-primary bg-selected' : 'border-border'}`}>
          <h3 className="font-semibold">Trigger: {triggerSummary(def)}</h3>
          <div className="mt-1 flex flex-wrap gap-2">
            <button type="button" className={buttonClass} onClick={() => onSelect(TRIGGER_NODE)}>
              Configure trigger
            </button>
            <button type="button" className={buttonClass} onClick={(e) => open({ kind: 'add', node: TRIGGER_NODE }, e.currentTarget)}>
              Add step after trigger
            </button>
          </div>
          {renderPanel(TRIGGER_NODE)}
        </li>
        {items.map(({ step, depth, via, from }) => {
          const own = issues.filter((i) => i.stepId === step.id);
          const out = def.edges.filter((e) => e.source === step.id);
          return (
            <li key={step.id} className={`rounded border p-2 ${selected === step.id ? 'border-primary bg-selected' : 'border-border'}`} style={{ marginInlineStart: `${depth * 1.5}rem` }}>
              <h3 className="font-semibold">
                {step.name} <span className="font-normal text-muted">— {STEP_LABELS[step.type]}</span>
              </h3>
              {via && from ? <p className="text-sm text-muted">{via === 'true' ? 'Yes' : 'No'} branch of {nodeName(def, from)}</p> : null}
              <ul className="text-sm" aria-label={`Connections from ${step.name}`}>
                {out.length === 0 ? <li className="text-muted">{step.type === 'stop' ? 'Ends the run.' : 'Leads nowhere (the run ends here).'}</li> : null}
                {out.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-center gap-2">
                    <span>
                      {e.branch ? (e.branch === 'true' ? 'If yes' : 'If no') : 'Then'} → {nodeName(def, e.target)}
                    </span>
                    <button type="button" className={buttonClass} onClick={() => onEdit(disconnect(def, e.id))}>
                      Remove connection to {nodeName(def, e.target)}
                    </button>
                  </li>
                ))}
              </ul>
              {own.length > 0 ? (
                <ul className="mt-1 text-sm text-danger" aria-label={`Problems in ${step.name}`}>
                  {own.map((i) => (
                    <li key={i.message}>{i.message}</li>
                  ))}
                </ul>
              ) : null}
              <div className="mt-1 flex flex-wrap gap-2">
                <StepButton label="Configure" step={step.name} onClick={() => onSelect(step.id)} />
                {step.type !== 'stop' ? (
                  <>
                    <StepButton label="Add after" step={step.name} onClick={(e) => open({ kind: 'add', node: step.id }, e.currentTarget)} />
                    <StepButton label="Connect to…" step={`(from ${step.name})`} onClick={(e) => open({ kind: 'connect', node: step.id }, e.currentTarget)} />
                  </>
                ) : null}
                <StepButton label="Move up" step={step.name} onClick={() => onEdit(moveStep(def, step.id, 'up'))} />
                <StepButton label="Move down" step={step.name} onClick={() => onEdit(moveStep(def, step.id, 'down'))} />
                <StepButton label="Delete" step={step.name} onClick={() => onEdit(deleteStep(def, step.id))} />
              </div>
              {renderPanel(step.id)}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function triggerSummary(def: WorkflowDefinition): string {
  const t = def.trigger;
  switch (t.type) {
    case 'record':
      return `when ${t.collection} are ${t.events.map((e) => `${e}d`).join(' or ')}${t.filter ? ` (${t.filter.conditions.length} conditions)` : ''}`;
    case 'schedule':
      return `on schedule ${t.cron} (${t.timezone})`;
    case 'webhook':
      return 'when a webhook is received';
    case 'manual':
      return t.collection ? `manually, on a ${t.collection} record` : 'manually';
  }
}

/**
 * A step's button: its accessible name starts with the visible text and adds the step's name
 * for screen readers ("Move up Condition 1", "Connect to… (from Condition 1)"), so speech users
 * can say what they see (WCAG 2.5.3).
 */
function StepButton({ label, step, onClick }: { label: string; step: string; onClick: (e: MouseEvent<HTMLButtonElement>) => void }) {
  return (
    <button type="button" className={buttonClass} onClick={onClick}>
      {label}
      <span className="sr-only"> {step}</span>
    </button>
  );
}
