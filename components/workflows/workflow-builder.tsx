'use client';
import type { ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TRIGGER_NODE, type WorkflowDefinition } from '@/lib/workflows/definition';
import { record, redo, undo, type EditResult, type History } from '@/lib/workflows/edit-definition';
import { recordCollection, validateDefinition } from '@/lib/workflows/validate-definition';
import { settler } from '@/components/sync/settle';
import { api, ApiError } from './api';
import { buttonClass, primaryButtonClass } from './fields-ui';
import { FlowCanvas } from './flow-canvas';
import { Outline } from './outline';
import { RunHistory } from './run-history';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { StepForm, TriggerForm, type Person, type Secret } from './step-form';
import { TestRun } from './test-run';
import { BuilderChoicesProvider, type StageChoice } from './builder-choices';
import { ArchiveButton } from './workflow-archive';
import { WorkflowSwitch } from './workflow-switch';

type Loaded = { id: string; name: string; draft: WorkflowDefinition; draftRevision: number; publishedVersion: number | null; enabled: boolean; hookSecretSet: boolean; archivedAt: string | null };
type SaveState = 'saved' | 'saving' | 'unsaved' | 'conflict' | 'error';

const AUTOSAVE_MS = 800;
const SAVE_LABELS: Record<SaveState, string> = { saved: 'All changes saved', saving: 'Saving…', unsaved: 'Unsaved changes', conflict: 'Changed elsewhere: reload the page', error: 'Saving failed' };
/** How long a save state must last before it is read out (see the save announcer below). */
const ANNOUNCE_SAVE_AFTER_MS = 1500;

/** The workflow builder: outline + canvas + settings panel, undo/redo, autosave, publish. */
export function WorkflowBuilder({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState('');
  const [history, setHistory] = useState<History | null>(null);
  const [selected, setSelected] = useState<string | null>(TRIGGER_NODE);
  const [message, setMessage] = useState('');
  const [saveState, setSaveState] = useState<SaveState>('saved');
  // The save state, read out once it has lasted: "All changes saved" after a pause in editing,
  // or why saving failed; never "Unsaved changes" or "Saving…" at each keystroke, and not the
  // state the builder opens in.
  const [saveAnnouncement, setSaveAnnouncement] = useState('');
  const announceSave = useMemo(() => settler<string>(ANNOUNCE_SAVE_AFTER_MS, setSaveAnnouncement), []);
  const edited = useRef(false);
  useEffect(() => {
    if (saveState === 'unsaved') edited.current = true;
    if (edited.current) announceSave(saveState === 'unsaved' || saveState === 'saving' ? '' : SAVE_LABELS[saveState]);
  }, [saveState, announceSave]);
  const [people, setPeople] = useState<Person[]>([]);
  const [pipelines, setPipelines] = useState<StageChoice[]>([]);
  const [stages, setStages] = useState<StageChoice[]>([]);
  const choices = useMemo(() => ({ people, pipelines, stages }), [people, pipelines, stages]);
  const [secrets, setSecrets] = useState<Secret[]>([]);
  const [publishErrors, setPublishErrors] = useState<string[]>([]);
  const revision = useRef(0);
  const flow = useRef<ReactFlowInstance | null>(null);
  const panelHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    Promise.all([
      api<{ workflow: Loaded }>(`/api/workflows/${id}`),
      api<{ people: Person[] }>('/api/workflows/people'),
      api<{ secrets: Secret[] }>('/api/workflows/secrets'),
      api<{ pipelines: StageChoice[]; stages: StageChoice[] }>('/api/workflows/stages'),
    ])
      .then(([w, p, s, st]) => {
        setLoaded(w.workflow);
        revision.current = w.workflow.draftRevision;
        setHistory({ past: [], present: w.workflow.draft, future: [] });
        setPeople(p.people);
        setSecrets(s.secrets);
        setPipelines(st.pipelines);
        setStages(st.stages);
      })
      .catch((err: Error) => setLoadError(err.message));
  }, [id]);

  const def = history?.present;
  const issues = useMemo(() => (def ? validateDefinition(def).issues : []), [def]);

  // One save at a time: each PUT carries the revision the previous one returned. Two saves in
  // flight with the same revision (an autosave still running when the next pause or Publish
  // comes, which a slow network makes likely) would answer the later one 409, as if another tab
  // had edited the draft.
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const saveDraft = useCallback(
    (definition: WorkflowDefinition): Promise<void> => {
      const next = saving.current
        .catch(() => undefined)
        .then(async () => {
          const { workflow } = await api<{ workflow: Loaded }>(`/api/workflows/${id}`, { method: 'PUT', body: { definition, revision: revision.current } });
          revision.current = workflow.draftRevision;
        });
      saving.current = next;
      return next;
    },
    [id],
  );

  // Autosave: a pause in editing saves the draft; the revision guards against a second tab.
  useEffect(() => {
    if (!def || !loaded || saveState !== 'unsaved') return;
    const timer = setTimeout(async () => {
      setSaveState('saving');
      try {
        await saveDraft(def);
        setSaveState((s) => (s === 'saving' ? 'saved' : s));
      } catch (err) {
        setSaveState(err instanceof ApiError && err.status === 409 ? 'conflict' : 'error');
        setMessage((err as Error).message);
      }
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [def, loaded, saveState, saveDraft]);

  const edit = useCallback((r: EditResult) => {
    setMessage(r.message);
    if (!r.ok) return;
    setHistory((h) => (h ? record(h, r.definition) : h));
    setSaveState('unsaved');
  }, []);

  const doUndo = useCallback(() => {
    setHistory((h) => (h && h.past.length ? undo(h) : h));
    setSaveState('unsaved');
    setMessage('Undone');
  }, []);
  const doRedo = useCallback(() => {
    setHistory((h) => (h && h.future.length ? redo(h) : h));
    setSaveState('unsaved');
    setMessage('Redone');
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return; // the field's own undo wins
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) doRedo();
        else doUndo();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        doRedo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [doUndo, doRedo]);

  const select = (nodeId: string) => {
    setSelected(nodeId);
    // Move focus to the settings panel so keyboard users land on the form they asked for.
    focusAfterRender(() => panelHeading.current);
  };

  if (loadError) return <p role="alert" className="text-danger">{loadError}</p>;
  if (!def || !loaded || !history) return <p role="status" data-loading="">Loading the workflow…</p>;

  const publish = async () => {
    setPublishErrors([]);
    try {
      if (saveState !== 'saved') {
        await saveDraft(def);
        setSaveState('saved');
      }
      const { version } = await api<{ version: number }>(`/api/workflows/${id}/publish`, { method: 'POST' });
      setLoaded({ ...loaded, publishedVersion: version });
      setMessage(`Published version ${version}`);
    } catch (err) {
      const e = err as ApiError;
      setPublishErrors(e.issues?.length ? e.issues.map((i) => i.message) : [e.message]);
      setMessage(`Not published: ${e.message}`);
    }
  };

  const step = def.steps.find((s) => s.id === selected);
  const collection = recordCollection(def);
  const saveLabel = SAVE_LABELS[saveState];

  return (
    <BuilderChoicesProvider value={choices}>
      <div className="space-y-4">
        <div role="status" aria-live="polite" className="sr-only">
          {message}
        </div>
        <div role="status" aria-live="polite" className="sr-only" data-save-announcer="">
          {saveAnnouncement}
        </div>
        <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Workflow actions">
          <button type="button" className={buttonClass} onClick={doUndo} disabled={history.past.length === 0} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" className={buttonClass} onClick={doRedo} disabled={history.future.length === 0} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          <button type="button" className={buttonClass} onClick={() => flow.current?.fitView()}>
            Zoom to fit
          </button>
          <button type="button" className={primaryButtonClass} onClick={publish}>
            Publish
          </button>
          <span className="text-muted">{saveLabel}</span>
          <span className="text-muted">{loaded.publishedVersion ? `Live: version ${loaded.publishedVersion}` : 'Not published yet'}</span>
        </div>
        <div className="flex flex-wrap items-start gap-4">
          {loaded.archivedAt ? (
            <p className="font-semibold">Archived: off, and out of the workflow list. Restore it to switch it on again.</p>
          ) : (
            <WorkflowSwitch
              workflowId={id}
              enabled={loaded.enabled}
              onChanged={(enabled, text) => {
                setLoaded({ ...loaded, enabled });
                setMessage(text);
              }}
            />
          )}
          <ArchiveButton
            workflowId={id}
            name={loaded.name}
            archived={loaded.archivedAt !== null}
            onChanged={(archived, text) => {
              setLoaded({ ...loaded, archivedAt: archived ? new Date().toISOString() : null, enabled: archived ? false : loaded.enabled });
              setMessage(text);
            }}
          />
        </div>
        {publishErrors.length > 0 ? (
          <div role="alert" className="rounded border border-danger p-2">
            <p className="font-semibold text-danger">Fix these before publishing:</p>
            <ul className="list-disc ps-6">
              {publishErrors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="text-muted" aria-live="off">
          {issues.length === 0 ? 'No problems found.' : `${issues.length} problem${issues.length === 1 ? '' : 's'} to fix before publishing (listed in the outline).`}
        </p>
        {issues.filter((i) => !i.stepId).length > 0 ? (
          <ul className="list-disc ps-6 text-danger" aria-label="Problems with the trigger or connections">
            {issues.filter((i) => !i.stepId).map((i) => (
              <li key={i.message}>{i.message}</li>
            ))}
          </ul>
        ) : null}
        {/* Desktop: the outline (and the settings of what it selects) beside the canvas, which
            stays in view while the settings scroll; a phone stacks them in this order. */}
        <div className="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-start">
          <div className="flex min-w-0 flex-col gap-4">
            <Outline def={def} issues={issues} selected={selected} onSelect={select} onEdit={edit} />
            <section aria-labelledby="panel-heading" className="rounded border border-border p-3">
              <h2 id="panel-heading" ref={panelHeading} tabIndex={-1} className="mb-2 text-xl font-semibold">
                {step ? `Settings: ${step.name}` : 'Settings: trigger'}
              </h2>
              {step ? (
                <StepForm
                  key={step.id}
                  step={step}
                  collection={collection}
                  people={people}
                  secrets={secrets}
                  onChange={(s) => edit({ ok: true, definition: { ...def, steps: def.steps.map((x) => (x.id === s.id ? s : x)) }, message: '' })}
                  onSecretCreated={(s) => setSecrets((xs) => [...xs, s])}
                />
              ) : (
                <TriggerForm
                  trigger={def.trigger}
                  onChange={(trigger) => edit({ ok: true, definition: { ...def, trigger }, message: '' })}
                  hook={{ workflowId: id, secretSet: loaded.hookSecretSet, published: loaded.publishedVersion !== null }}
                />
              )}
            </section>
          </div>
          <section aria-labelledby="canvas-heading" className="min-w-0 lg:sticky lg:top-16">
            <h2 id="canvas-heading" className="mb-2 text-xl font-semibold">
              Canvas
            </h2>
            <FlowCanvas def={def} selected={selected} onSelect={setSelected} onEdit={edit} onInit={(i) => (flow.current = i)} />
          </section>
        </div>
        <TestRun key={collection ?? 'none'} workflowId={id} collection={collection} beforeRun={async () => {
          if (saveState === 'saved') return;
          const { workflow } = await api<{ workflow: Loaded }>(`/api/workflows/${id}`, { method: 'PUT', body: { definition: def, revision: revision.current } });
          revision.current = workflow.draftRevision;
          setSaveState('saved');
        }} />
        <RunHistory workflowId={id} />
      </div>
    </BuilderChoicesProvider>
  );
}
