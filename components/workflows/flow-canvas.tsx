'use client';
import '@xyflow/react/dist/style.css';
import { Background, ReactFlow, ReactFlowProvider, useReactFlow, type Edge as FlowEdge, type Node, type ReactFlowInstance } from '@xyflow/react';
import { useMemo } from 'react';
import { Button } from '../ui/button';
import { TRIGGER_NODE, type WorkflowDefinition } from '@/lib/workflows/definition';
import { STEP_LABELS, connect, deleteStep, nodeName, outlineOrder, updateStep, type EditResult } from '@/lib/workflows/edit-definition';

/**
 * The visual graph (React Flow). Nodes and edges are focusable (Tab, then Enter selects);
 * pointer users can drag to connect and move. Everything here is also in the outline, which
 * is the keyboard and screen-reader path (React Flow has no keyboard connecting).
 */
export function FlowCanvas({ def, selected, onSelect, onEdit, onInit }: {
  def: WorkflowDefinition;
  selected: string | null;
  onSelect: (id: string) => void;
  onEdit: (r: EditResult) => void;
  onInit: (i: ReactFlowInstance) => void;
}) {
  const nodes: Node[] = useMemo(() => {
    const order = outlineOrder(def);
    const rows = new Map<number, number>();
    const auto = (depth: number) => {
      const row = rows.get(depth) ?? 0;
      rows.set(depth, row + 1);
      return { x: depth * 260, y: (row + 1) * 110 };
    };
    return [
      { id: TRIGGER_NODE, position: { x: 0, y: 0 }, data: { label: 'Trigger' }, ariaLabel: 'Trigger', deletable: false, selected: selected === TRIGGER_NODE, type: 'input' },
      ...order.map(({ step, depth }) => ({
        id: step.id,
        position: step.position ?? auto(depth),
        data: { label: `${step.name} — ${STEP_LABELS[step.type]}` },
        ariaLabel: `${step.name}, ${STEP_LABELS[step.type]}`,
        selected: selected === step.id,
        type: step.type === 'stop' ? 'output' : 'default',
      })),
    ];
  }, [def, selected]);
  const edges: FlowEdge[] = useMemo(
    () =>
      def.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.branch ? (e.branch === 'true' ? 'yes' : 'no') : undefined,
        ariaLabel: `${nodeName(def, e.source)}${e.branch ? (e.branch === 'true' ? ' if yes' : ' if no') : ''} to ${nodeName(def, e.target)}`,
      })),
    [def],
  );

  return (
    <ReactFlowProvider>
      <div role="group" aria-label="Workflow canvas" className="flex flex-col gap-2">
        <ZoomControls />
        <div className="workflow-canvas h-[28rem] rounded border border-border bg-surface">
          {/* React Flow's stylesheet is unlayered, so it beats Tailwind's layered utilities: restyle its
              attribution link and the nodes with our tokens here: 7:1 contrast (WCAG 1.4.6), a 44 px
              target (2.5.5) and a visible focus ring (2.4.13). */}
          <style>
            {'.workflow-canvas .react-flow__attribution{background:var(--c-surface)}.workflow-canvas .react-flow__attribution a{color:var(--c-text);text-decoration:underline}' +
              '.workflow-canvas .react-flow__attribution a{display:inline-flex;align-items:center;min-height:44px;min-width:44px;padding:0 8px}' +
              '.workflow-canvas .react-flow__node{background:var(--c-bg);color:var(--c-text);border-color:var(--c-border)}' +
              '.workflow-canvas .react-flow__node:focus-visible{outline:3px solid var(--c-focus);outline-offset:2px}'}
          </style>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            onInit={onInit}
            fitView
            onNodeClick={(_e, n) => onSelect(n.id)}
            onNodesChange={(changes) => {
              for (const c of changes) if (c.type === 'select' && c.selected) onSelect(c.id);
            }}
            onNodeDragStop={(_e, n) => {
              const step = def.steps.find((s) => s.id === n.id);
              if (!step) return;
              const r = updateStep(def, { ...step, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } });
              onEdit(r.ok ? { ...r, message: `Moved ${step.name} on the canvas` } : r);
            }}
            onConnect={(c) => c.source && c.target && onEdit(connect(def, c.source, c.target))}
            onNodesDelete={(deleted) => deleted.forEach((n) => n.id !== TRIGGER_NODE && onEdit(deleteStep(def, n.id)))}
            deleteKeyCode={null}
          >
            <Background />
          </ReactFlow>
        </div>
      </div>
    </ReactFlowProvider>
  );
}

/**
 * Zoom buttons above the canvas: React Flow's <Controls> labels a role-less div and draws
 * 26 px buttons (below WCAG 2.5.5's 44 px), and any panel inside the canvas covers nodes or
 * the attribution on a phone (2.4.12 focus not obscured).
 */
function ZoomControls() {
  const flow = useReactFlow();
  return (
    <div role="group" aria-label="Canvas zoom" className="flex flex-wrap gap-1">
      <Button onPress={() => void flow.zoomIn()}>Zoom in</Button>
      <Button onPress={() => void flow.zoomOut()}>Zoom out</Button>
      <Button onPress={() => void flow.fitView()}>Fit</Button>
    </div>
  );
}
