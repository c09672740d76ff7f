'use client';

import { parseDate } from '@internationalized/date';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { ScreenError } from '@/components/shell/screen-error';
import { Abbr } from '@/components/ui/abbr';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { ComboBox } from '@/components/ui/combo-box';
import { DateField } from '@/components/ui/date-field';
import { ConfirmDialog, Dialog, DialogTrigger } from '@/components/ui/dialog';
import { Link } from '@/components/ui/link';
import { MenuButton } from '@/components/ui/menu';
import { RadioGroup } from '@/components/ui/radio-group';
import { Select } from '@/components/ui/select';
import { DataTable } from '@/components/ui/table';
import { Tabs } from '@/components/ui/tabs';
import { TextField } from '@/components/ui/text-field';
import { showToast } from '@/components/ui/toast-store';

const STAGES = [
  { id: 'lead', label: 'Lead' },
  { id: 'qualified', label: 'Qualified' },
  { id: 'proposal', label: 'Proposal' },
  { id: 'won', label: 'Won' },
] as const;

const COMPANIES = [
  { id: 'acme', label: 'Acme Corporation' },
  { id: 'globex', label: 'Globex' },
  { id: 'initech', label: 'Initech' },
  { id: 'umbrella', label: 'Umbrella Health' },
];

const CHANNELS = [
  { id: 'email', label: 'Email' },
  { id: 'phone', label: 'Phone' },
  { id: 'visit', label: 'Visit' },
];

const DEALS = [
  { id: 'd1', name: 'Fleet renewal', company: 'Acme Corporation', amount: 48000, stage: 'Proposal' },
  { id: 'd2', name: 'Pilot, 10 seats', company: 'Globex', amount: 6000, stage: 'Qualified' },
  { id: 'd3', name: 'Support plan', company: 'Initech', amount: 12500, stage: 'Lead' },
];

const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

type Errors = Record<string, string>;

/** Checks the demo form the way a real screen would: every problem named in words. */
function validate(data: FormData): Errors {
  const errors: Errors = {};
  if (!String(data.get('name') ?? '').trim()) errors.name = 'Enter the contact’s full name.';
  const email = String(data.get('email') ?? '').trim();
  if (!email) errors.email = 'Enter an email address, for example ada@example.com.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email address in the form name@example.com.';
  if (!data.get('stage')) errors.stage = 'Choose the stage this deal is in.';
  return errors;
}

/** The interactive part of the design-system page. */
export function Catalog() {
  const [errors, setErrors] = useState<Errors>({});
  const [lastAction, setLastAction] = useState('none yet');
  const problems = Object.values(errors);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const found = validate(new FormData(form));
    setErrors(found);
    if (Object.keys(found).length) {
      // Focus the first field in error so keyboard and screen-reader users land on it.
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    } else {
      showToast('Contact saved on this device. It syncs when you are online.', 'success');
    }
  }

  return (
    <>
      <section aria-labelledby="intro-heading" className="flex flex-col gap-2">
        <h2 id="intro-heading" className="text-title">
          About these components
        </h2>
        <p>
          Built on React Aria Components and styled only with the design tokens, so each reaches 7:1 text contrast, a 44
          pixel target and a 3 pixel focus ring. The controls come first, working; then each control in every state; then the
          tokens themselves: colours with their contrast, type, spacing, corners, elevation and icons. <Abbr term="CRM" expand /> screens use nothing else. Read the{' '}
          <Link variant="inline" href="/today">
            Today screen
          </Link>{' '}
          to see them in use.
        </p>
      </section>

      <section aria-labelledby="form-heading" className="flex flex-col gap-3">
        <h2 id="form-heading" className="text-title">
          Form fields
        </h2>
        {problems.length ? (
          <div role="alert" className="rounded-lg border-2 border-danger bg-dangerSoft p-inset">
            <h3 className="font-bold text-danger">
              {problems.length === 1 ? 'There is 1 problem' : `There are ${problems.length} problems`} with this form
            </h3>
            <ul className="list-disc ps-6">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form onSubmit={submit} validationBehavior="aria" validationErrors={errors} className="flex max-w-xl flex-col gap-4" aria-labelledby="form-heading">
          <TextField name="name" label="Full name" isRequired autoComplete="name" description="As the person writes it." />
          <TextField name="email" label="Email" type="email" isRequired autoComplete="email" />
          <Select name="stage" label="Deal stage" isRequired options={STAGES} placeholder="Choose a stage" />
          <ComboBox name="company" label="Company" options={COMPANIES} description="Type to filter the list." />
          <DateField name="followUp" label="Follow-up date" defaultValue={parseDate('2026-12-01')} />
          <RadioGroup name="channel" label="Preferred channel" options={CHANNELS} defaultValue="email" />
          <Checkbox name="consent" value="yes">
            Agreed to receive emails
          </Checkbox>
          <TextField name="notes" label="Notes" multiline />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="primary">
              Save contact
            </Button>
            <Button type="reset" variant="secondary" onPress={() => setErrors({})}>
              Clear the form
            </Button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="overlays-heading" className="flex flex-col gap-3">
        <h2 id="overlays-heading" className="text-title">
          Dialogs, menus and notifications
        </h2>
        <div className="flex flex-wrap gap-2">
          <DialogTrigger>
            <Button variant="primary">New contact</Button>
            <Dialog title="New contact" closeLabel="Close new contact">
              {(close) => (
                <>
                  <p>Dialogs keep focus inside until closed, then return it to the button that opened them.</p>
                  <TextField label="Full name" autoComplete="name" />
                  <div className="flex justify-end">
                    <Button variant="primary" onPress={close}>
                      Done
                    </Button>
                  </div>
                </>
              )}
            </Dialog>
          </DialogTrigger>
          <ConfirmDialog
            trigger={<Button variant="danger">Delete deal</Button>}
            title="Delete this deal?"
            message="The deal moves to the bin, where you can restore it for 30 days."
            confirmLabel="Delete deal"
            onConfirm={() => {
              setLastAction('deleted the deal');
              showToast('Deal moved to the bin. You can restore it for 30 days.');
            }}
          />
          <MenuButton
            label="Actions"
            aria-label="Actions for Fleet renewal"
            actions={[
              { id: 'edit', label: 'Edit' },
              { id: 'duplicate', label: 'Duplicate' },
              { id: 'archive', label: 'Archive' },
              { id: 'export', label: 'Export (needs a connection)', isDisabled: true },
            ]}
            onAction={(id) => setLastAction(`chose ${id}`)}
          />
          <Button onPress={() => showToast('Changes saved on this device.')}>Show a notification</Button>
          <Button onPress={() => showToast('Could not reach the server. Your changes are kept on this device.', 'error')}>
            Show an error
          </Button>
          <Button onPress={() => showToast('All changes are synced.', 'success')}>Show a success note</Button>
        </div>
        <p>
          Last action: <output aria-live="polite">{lastAction}</output>
        </p>
      </section>

      <section aria-labelledby="data-heading" className="flex flex-col gap-3">
        <h2 id="data-heading" className="text-title">
          Tabs and tables
        </h2>
        <Tabs
          label="Deal views"
          tabs={[
            {
              id: 'table',
              label: 'Open deals',
              content: (
                <DataTable
                  label="Open deals"
                  emptyText="No open deals."
                  initialSort={{ column: 'name', direction: 'ascending' }}
                  columns={[
                    { id: 'name', label: 'Deal', isRowHeader: true, allowsSorting: true },
                    { id: 'company', label: 'Company', allowsSorting: true },
                    { id: 'amount', label: 'Amount', allowsSorting: true, numeric: true, render: (r) => money.format(r.amount) },
                    { id: 'stage', label: 'Stage' },
                  ]}
                  rows={DEALS}
                />
              ),
            },
            {
              id: 'empty',
              label: 'Won deals',
              content: (
                <DataTable
                  label="Won deals"
                  emptyText="No won deals yet."
                  columns={[
                    { id: 'name', label: 'Deal', isRowHeader: true },
                    { id: 'company', label: 'Company' },
                  ]}
                  rows={[]}
                />
              ),
            },
          ]}
        />
      </section>

      <section aria-labelledby="error-heading" className="flex flex-col gap-3">
        <h2 id="error-heading" className="text-title">
          Error screen
        </h2>
        <p>What a screen shows in place of its content when it fails to render.</p>
        <ScreenError example message="Example: the local database could not be opened." onRetry={() => showToast('Tried again.', 'success')} />
      </section>
    </>
  );
}
