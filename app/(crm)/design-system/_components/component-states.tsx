'use client';

import { parseDate } from '@internationalized/date';
import { Plus, SlidersHorizontal, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { ComboBox } from '@/components/ui/combo-box';
import { DateField } from '@/components/ui/date-field';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { NewActionLink } from '@/components/ui/new-action';
import { RadioGroup } from '@/components/ui/radio-group';
import { Select } from '@/components/ui/select';
import { SkeletonRows } from '@/components/ui/skeleton';
import { TextField } from '@/components/ui/text-field';
import { cell, DocTable, headerCell, rowClass } from './doc-table';

// On a page of its own (/design-system/foundations). Names still differ from the catalog's demo
// form ("Full name", "Email", "Company", "Deal stage"), so a reader never meets two of one name.
const REGIONS = [
  { id: 'north', label: 'North' },
  { id: 'south', label: 'South' },
];
const CURRENCIES = [
  { id: 'eur', label: 'Euro' },
  { id: 'gbp', label: 'Pound sterling' },
];
const OWNERS = [
  { id: 'ada', label: 'Ada Lovelace' },
  { id: 'grace', label: 'Grace Hopper' },
];
const FREQUENCIES = [
  { id: 'weekly', label: 'Weekly' },
  { id: 'monthly', label: 'Monthly' },
];
const CALL_TIMES = [
  { id: 'morning', label: 'Morning' },
  { id: 'afternoon', label: 'Afternoon' },
];

/** What each state looks like on every control, for the states a still page cannot show. */
const STATES: readonly (readonly [state: string, looks: string])[] = [
  ['At rest', 'Text at 7:1; a control’s edge or fill at 3:1 against the page.'],
  ['Hover', 'Fields and boxes: the edge darkens to the text colour. Buttons: the fill deepens (primary, danger) or a light fill appears (secondary, quiet). Links: the underline thickens.'],
  ['Keyboard focus', 'A 3 pixel ring in the focus colour, 2 pixels outside the control, at 3:1 against every background. Press Tab on this page to see it.'],
  ['Pressed', 'A button’s shadow drops, so it sits flat on the page.'],
  ['Selected', 'A tick, a filled dot, a bold label with a thick underline (tabs) or a tinted row: never colour alone.'],
  ['Invalid', 'A double-weight edge in the danger colour and the error in words under the field, tied to it for screen readers.'],
  ['Read only', 'A dashed edge on a tinted box; the value can be read, selected and copied.'],
  ['Disabled', 'A dashed edge; the text keeps 7:1, and the page says why it is unavailable.'],
  ['Loading', 'A spinning mark (still when reduced motion is asked for) beside words that say what is happening.'],
  ['Empty', 'A sentence that says there is nothing yet, in place of the list or table.'],
];

function Example({ state, children }: { state: string; children: ReactNode }) {
  return (
    <li className="flex flex-col items-start gap-1">
      {children}
      <span className="text-caption text-muted">{state}</span>
    </li>
  );
}

/** Each building block in each of its states, side by side. */
export function ComponentStates() {
  return (
    <section aria-labelledby="states-heading" className="flex flex-col gap-4">
      <h2 id="states-heading" className="text-title">
        Component states
      </h2>
      <p>
        The same controls as on the design-system page, in each state they can be in. Open the select, menu and dialogs there to see
        their lists and selected options; the second tab of its table shows it empty.
      </p>
      <DocTable id="states-caption" caption="How each state looks" columns={['State', 'How it looks']}>
        {STATES.map(([state, looks]) => (
          <tr key={state} className={rowClass}>
            <th scope="row" className={`${headerCell} whitespace-nowrap font-semibold`}>
              {state}
            </th>
            <td className={cell}>{looks}</td>
          </tr>
        ))}
      </DocTable>

      <h3 className="text-title-sm">Buttons</h3>
      <ul className="flex flex-wrap items-start gap-4">
        <Example state="Primary">
          <Button variant="primary">Save changes</Button>
        </Example>
        <Example state="Primary with an icon">
          <Button variant="primary" icon={Plus}>
            Add a deal
          </Button>
        </Example>
        <Example state="Secondary">
          <Button variant="secondary">Edit details</Button>
        </Example>
        <Example state="Secondary with an icon">
          <Button variant="secondary" icon={SlidersHorizontal}>
            Sort and filter
          </Button>
        </Example>
        <Example state="Danger">
          <Button variant="danger">Remove owner</Button>
        </Example>
        <Example state="Quiet">
          <Button variant="quiet">Skip for now</Button>
        </Example>
        <Example state="Disabled">
          <Button variant="primary" isDisabled>
            Send invoice
          </Button>
        </Example>
        <Example state="Disabled, secondary">
          <Button variant="secondary" isDisabled>
            Merge duplicates
          </Button>
        </Example>
        <Example state="Loading">
          <Button variant="primary" isPending>
            Saving…
          </Button>
        </Example>
      </ul>

      <h3 className="text-title-sm">Text fields</h3>
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <TextField label="Job title" description="Empty, with help text." />
        <TextField label="Department" defaultValue="Fleet purchasing" description="Filled." />
        <TextField
          label="Mobile number"
          type="tel"
          autoComplete="tel"
          defaultValue="0123"
          errorMessage="Enter the number with its country code, for example +44 20 7946 0958."
        />
        <TextField label="Customer number" defaultValue="C-10442" isReadOnly description="Read only: set by the finance system." />
        <TextField label="Discount code" isDisabled description="Disabled: needs a connection." />
      </div>

      <h3 className="text-title-sm">Lists to pick from</h3>
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <Select label="Region" options={REGIONS} defaultValue="north" description="A value chosen." />
        <Select label="Territory" options={REGIONS} placeholder="Choose a territory" errorMessage="Choose the territory this account belongs to." />
        <Select label="Currency" options={CURRENCIES} defaultValue="eur" isDisabled description="Disabled: set for the whole organization." />
        <ComboBox label="Account owner" options={OWNERS} defaultSelectedKey="ada" isReadOnly description="Read only: only a manager can change it." />
        <ComboBox label="Parent account" options={OWNERS} errorMessage="Choose a parent account from the list." />
      </div>

      <h3 className="text-title-sm">Choices</h3>
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <RadioGroup label="Visit frequency" options={FREQUENCIES} defaultValue="weekly" isDisabled description="Disabled: set by the account plan." />
        <RadioGroup label="Best time to call" options={CALL_TIMES} errorMessage="Choose when they prefer to be called." />
      </div>
      <ul className="flex flex-col">
        <li>
          <Checkbox defaultSelected>Key account (ticked)</Checkbox>
        </li>
        <li>
          <Checkbox isIndeterminate>All regions (some ticked)</Checkbox>
        </li>
        <li>
          <Checkbox isDisabled>Exclude from reports (disabled)</Checkbox>
        </li>
        <li>
          <Checkbox isInvalid>Figures checked (invalid until ticked)</Checkbox>
        </li>
      </ul>

      <h3 className="text-title-sm">Dates</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <DateField label="Renewal date" defaultValue={parseDate('2027-03-31')} isReadOnly description="Read only: from the contract." />
        <DateField label="Contract start" defaultValue={parseDate('2020-02-28')} errorMessage="The start must be after the company joined, 1 March 2020." />
      </div>

      <h3 className="text-title-sm">Loading, empty and new</h3>
      <ul className="grid gap-4 sm:grid-cols-2">
        <Example state="Loading: grey rows where the records will be; a screen reader hears “Loading contacts…”, not the shapes.">
          <div className="w-full">
            <SkeletonRows rows={3} sample />
          </div>
        </Example>
        <Example state="Empty: what would be here, and what to do about it.">
          <div className="w-full">
            <EmptyState icon={Users} title="No people in this example yet." action={<Button>Add an example person</Button>}>
              People your colleagues share with you arrive with the next sync.
            </EmptyState>
          </div>
        </Example>
        <Example state="New: on a phone it floats at the lower right, above the tab bar; from desktop width it sits in the page header.">
          <NewActionLink href="/deals/edit">New deal</NewActionLink>
        </Example>
      </ul>

      <h3 className="text-title-sm">Links</h3>
      <ul className="flex flex-col gap-2">
        <li>
          <Link href="/contacts">All contacts</Link> (standalone: a 44 pixel target)
        </li>
        <li>
          Inside a sentence, such as{' '}
          <Link variant="inline" href="/deals">
            the deals board
          </Link>
          , a link keeps its underline and needs no larger target.
        </li>
      </ul>
    </section>
  );
}
