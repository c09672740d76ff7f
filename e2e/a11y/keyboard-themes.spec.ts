// The keyboard walk judges each stop's focus ring in every theme from one walk (keyboard.ts):
// a ring that is fine in light and too faint in dark must fail in dark only, and a ring that
// fades in with a transition must be judged at its final colour, never the previous theme's.
import { expect, test } from '@playwright/test';
import { checkCurrentFocus, walkKeyboard } from './checks/keyboard';

/** Black ring on white in light; `darkRing` on near-black in dark, faded in over 2 s. */
const html = (darkRing: string) => `<!doctype html><html data-theme="light"><head><style>
  :root { --bg: #ffffff; --ring: #000000; }
  :root[data-theme="dark"] { --bg: #101010; --ring: ${darkRing}; }
  html, body { background: var(--bg); }
  button { margin: 8px; width: 120px; height: 48px; transition: outline-color 2s linear; }
  button:focus-visible { outline: 3px solid var(--ring); outline-offset: 2px; }
  </style></head><body><main><button>First</button><button>Second</button></main></body></html>`;

test('one walk judges the focus ring in each theme, and leaves the page in its own', async ({ page }) => {
  await page.setContent(html('#1a1a1a'));
  const walk = await walkKeyboard(page, { themes: ['light', 'dark'] });
  const appearance = (theme: string) => walk.byTheme[theme]!.find((c) => c.id === 'focus-appearance')!;
  expect(appearance('light').passed, appearance('light').problems.join('\n')).toBe(true);
  expect(appearance('light').examined).toBe(2);
  // #1a1a1a on #101010: far below 3:1, at both stops.
  expect(appearance('dark').passed).toBe(false);
  expect(appearance('dark').problems).toHaveLength(2);
  expect(walk.checks).toEqual(walk.byTheme.light);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('#a11y-transitions-off')).toHaveCount(0);
});

test('a ring that would fade in is judged at its final colour in the other theme', async ({ page }) => {
  // White on near-black passes; read mid-transition it would still be black, and fail.
  await page.setContent(html('#ffffff'));
  const walk = await walkKeyboard(page, { themes: ['light', 'dark'] });
  for (const theme of ['light', 'dark']) {
    const appearance = walk.byTheme[theme]!.find((c) => c.id === 'focus-appearance')!;
    expect(appearance.passed, `${theme}: ${appearance.problems.join('\n')}`).toBe(true);
  }
});

test('the element focused now is judged in each theme too', async ({ page }) => {
  await page.setContent(html('#1a1a1a'));
  await page.keyboard.press('Tab');
  const found = await checkCurrentFocus(page, ['light', 'dark']);
  expect(found.light!.find((c) => c.id === 'focus-appearance')!.passed).toBe(true);
  expect(found.dark!.find((c) => c.id === 'focus-appearance')!.passed).toBe(false);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
