'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '@/lib/auth/roles';
import { sendJson } from '../auth/api';
import { buttonClass, Field, FormMessage, secondaryButtonClass } from '../auth/field';
import { ScrollRegion } from '@/components/ui/scroll-region';

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  totpEnrolled: boolean;
  team: string | null;
  territories: string[];
}

/** Invite form and the member table: change role, team and territories, deactivate/reactivate, reset 2FA. */
export function MembersAdmin({ members, me }: { members: MemberRow[]; me: { userId: string; role: Role } }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ text: string; tone: 'danger' | 'success' }>();
  const grantable = ROLES.filter((r) => r !== 'owner' || me.role === 'owner');
  // Names compare without case: one suggestion per team, as first written.
  const teams = [...new Map(members.flatMap((m) => (m.team ? [[m.team.toLowerCase(), m.team] as const] : []))).values()].sort((a, b) => a.localeCompare(b));

  async function act(url: string, body: unknown, method: string, done: string) {
    const res = await sendJson(url, body, method);
    setMessage(res.ok ? { text: done, tone: 'success' } : { text: res.message ?? 'Failed.', tone: 'danger' });
    if (res.ok) router.refresh();
  }

  async function saveTeam(value: string, m: MemberRow) {
    const team = value.trim();
    await act(`/api/admin/members/${m.userId}`, { team }, 'PATCH', team ? `${m.name} is now in team ${team}.` : `${m.name} is in no team now.`);
  }

  async function saveTerritories(value: string, m: MemberRow) {
    // Typed as a list separated by commas, the way people write them.
    const territories = value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    await act(
      `/api/admin/members/${m.userId}`,
      { territories },
      'PATCH',
      territories.length > 0 ? `${m.name}’s territories: ${territories.join(', ')}.` : `${m.name} has no territory now.`,
    );
  }

  async function invite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const email = String(f.get('email') ?? '');
    await act('/api/admin/invites', { email, role: String(f.get('role')) }, 'POST', `Invitation sent to ${email}.`);
  }

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="invite-heading" className="flex flex-col gap-3">
        <h2 id="invite-heading" className="text-xl font-semibold">
          Invite someone
        </h2>
        <form onSubmit={invite} className="flex flex-wrap items-end gap-3" noValidate>
          <Field id="invite-email" name="email" label="Email" type="email" required />
          <div className="flex flex-col gap-1">
            <label htmlFor="invite-role" className="font-semibold">
              Role
            </label>
            <select id="invite-role" name="role" defaultValue="rep" className="min-h-target rounded-md border border-border bg-bg px-2 text-text">
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass}>
            Send invitation
          </button>
        </form>
      </section>
      <FormMessage message={message?.text} tone={message?.tone} />
      <section>
        <h2 id="members-heading" className="text-xl font-semibold">
          Members
        </h2>
        {/* WCAG 1.4.10 lets a data table scroll sideways on a narrow screen; the region takes
            keyboard focus so the scrolling works without a pointer. */}
        <ScrollRegion aria-labelledby="members-heading">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">Members, their role, team, territories, status and two-factor authentication</caption>
            <thead>
              <tr className="border-b border-border">
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Role</th>
                <th scope="col" className="p-2">Team</th>
                <th scope="col" className="p-2">Territories</th>
                <th scope="col" className="p-2">Status</th>
                <th scope="col" className="p-2">Two-factor</th>
                <th scope="col" className="p-2">Actions</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const locked = m.role === 'owner' && me.role !== 'owner';
                return (
                  <tr key={m.userId} className="border-b border-border align-top">
                    <th scope="row" className="p-2 font-normal">
                      <span className="font-semibold">{m.name}</span>
                      <br />
                      <span className="text-muted">{m.email}</span>
                    </th>
                    <td className="p-2">
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        Role of {m.name}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        value={m.role}
                        disabled={locked}
                        onChange={(e) => void act(`/api/admin/members/${m.userId}`, { role: e.target.value }, 'PATCH', `${m.name} is now ${e.target.value}.`)}
                        className="min-h-target rounded-md border border-border bg-bg px-2 text-text"
                      >
                        {(locked ? ROLES : grantable).map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="p-2">
                      {/* A team decides what phones hold under the sync scope "Team records". */}
                      <MemberTextForm
                        id={`team-${m.userId}`}
                        name="team"
                        label={`Team of ${m.name}`}
                        defaultValue={m.team ?? ''}
                        list="known-teams"
                        maxLength={60}
                        disabled={locked}
                        save="Save team"
                        who={m.name}
                        onSave={(v) => saveTeam(v, m)}
                      />
                    </td>
                    <td className="p-2">
                      {/* Territories decide what phones hold under the sync scope "Territory records". */}
                      <MemberTextForm
                        id={`territories-${m.userId}`}
                        name="territories"
                        label={`Territories of ${m.name}, countries separated by commas`}
                        defaultValue={m.territories.join(', ')}
                        disabled={locked}
                        save="Save territories"
                        who={m.name}
                        onSave={(v) => saveTerritories(v, m)}
                      />
                    </td>
                    <td className="p-2">{m.active ? 'Active' : 'Deactivated'}</td>
                    <td className="p-2">{m.totpEnrolled ? 'On' : 'Off'}</td>
                    <td className="flex flex-wrap gap-2 p-2">
                      {!locked && m.userId !== me.userId ? (
                        <button
                          type="button"
                          className={secondaryButtonClass}
                          onClick={() => void act(`/api/admin/members/${m.userId}`, { active: !m.active }, 'PATCH', `${m.name} ${m.active ? 'deactivated' : 'reactivated'}.`)}
                        >
                          {m.active ? 'Deactivate' : 'Reactivate'}
                          <span className="sr-only"> {m.name}</span>
                        </button>
                      ) : null}
                      {!locked && m.totpEnrolled ? (
                        <button type="button" className={secondaryButtonClass} onClick={() => void act(`/api/admin/members/${m.userId}/reset-2fa`, {}, 'POST', `Two-factor authentication of ${m.name} was reset.`)}>
                          Reset 2FA<span className="sr-only"> of {m.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
        <datalist id="known-teams">
          {teams.map((team) => (
            <option key={team} value={team} />
          ))}
        </datalist>
      </section>
    </div>
  );
}

/** One text field of a member's row with its save button, saved with Enter too. */
function MemberTextForm(props: {
  id: string;
  name: string;
  /** The field's accessible name (the column header is its visible label). */
  label: string;
  defaultValue: string;
  list?: string;
  maxLength?: number;
  disabled: boolean;
  /** The button's visible text; the member's name follows for screen readers. */
  save: string;
  who: string;
  onSave: (value: string) => Promise<void>;
}) {
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void props.onSave(String(new FormData(e.currentTarget).get(props.name) ?? ''));
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        defaultValue={props.defaultValue}
        list={props.list}
        maxLength={props.maxLength}
        disabled={props.disabled}
        autoComplete="off"
        className="min-h-target w-40 rounded-md border border-border bg-bg px-2 text-text"
      />
      <button type="submit" className={secondaryButtonClass} disabled={props.disabled}>
        {props.save}
        <span className="sr-only"> of {props.who}</span>
      </button>
    </form>
  );
}
