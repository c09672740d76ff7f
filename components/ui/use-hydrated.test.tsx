import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Button } from './button';
import { Checkbox } from './checkbox';
import { ComboBox } from './combo-box';
import { Select } from './select';
import { TextField } from './text-field';

const OPTIONS = [{ id: 'a', label: 'Alpha' }];

// The server's HTML is what a phone shows before React listens: its controls must refuse input
// rather than drop it (use-hydrated.ts). After hydration the browser suites type into them.
describe('controls in the server HTML wait for hydration', () => {
  it('fields render read-only, buttons and selects disabled', () => {
    const html = renderToString(
      <>
        <TextField label="Name" />
        <ComboBox label="Company" options={OPTIONS} />
        <Checkbox>Done</Checkbox>
        <Select label="Stage" options={OPTIONS} />
        <Button>Save</Button>
      </>,
    );
    const textInputs = html.match(/<input[^>]*type="text"[^>]*>/g) ?? [];
    expect(textInputs).toHaveLength(2);
    for (const input of textInputs) expect(input).toContain('readOnly=""');
    expect(html).toMatch(/<input aria-readonly="true"[^>]*type="checkbox"/);
    const buttons = html.match(/<button[^>]*>/g) ?? [];
    expect(buttons).toHaveLength(3); // the combobox's arrow, the select's trigger, Save
    for (const button of buttons) expect(button).toContain('disabled=""');
  });
});
