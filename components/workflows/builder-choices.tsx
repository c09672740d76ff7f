'use client';
// What the builder's pickers offer (the tenant's members, pipelines and deal stages), read once by the
// builder and given to every value field below it, so no one types an internal id.
import { createContext, useContext } from 'react';

export interface PersonChoice {
  id: string;
  name: string;
  email: string;
}

export interface StageChoice {
  id: string;
  label: string;
}

export interface BuilderChoices {
  people: readonly PersonChoice[];
  pipelines: readonly StageChoice[];
  stages: readonly StageChoice[];
}

const Choices = createContext<BuilderChoices>({ people: [], pipelines: [], stages: [] });

export const BuilderChoicesProvider = Choices.Provider;

/** The choices for a record field's value, or null when it is typed: pipelines for `pipelineId`, stages for `stageId`, members for `ownerId`. */
export function useFieldChoices(field: string | undefined): { value: string; label: string }[] | null {
  const { people, pipelines, stages } = useContext(Choices);
  if (field === 'pipelineId' && pipelines.length > 0) return pipelines.map((p) => ({ value: p.id, label: p.label }));
  if (field === 'stageId' && stages.length > 0) return stages.map((s) => ({ value: s.id, label: s.label }));
  if (field === 'ownerId' && people.length > 0) return people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  return null;
}
