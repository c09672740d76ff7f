// Keyboard walk: Tab through the whole page (or the open modal), checking at every stop
// that the focus indicator is visible enough (WCAG 2.4.13) and not covered (2.4.11/2.4.12),
// that Tab always moves on and eventually leaves (2.1.2, 2.1.3), and that Escape closes a modal.
import type { Page } from '@playwright/test';
import { result, type CheckResult } from './types';

export interface FocusStop {
  name: string;
  /** Problems of this stop: indicator or obscured. */
  appearance: string[];
  obscured: string[];
  /** Stable identity within the page, to detect cycles and traps. */
  key: string;
}

/** Inspects the focused element. Self-contained: Playwright serialises it into the page. */
function inspectFocus(): FocusStop | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return null;

  const canvas = document.createElement('canvas').getContext('2d');
  const rgba = (color: string): [number, number, number, number] => {
    const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\)/.exec(color);
    if (m) {
      const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
      return [Number(m[1]), Number(m[2]), Number(m[3]), a];
    }
    if (!canvas) return [0, 0, 0, 1];
    // Other syntaxes (oklch, color()): let the canvas convert them to sRGB.
    canvas.fillStyle = '#000';
    canvas.fillStyle = color;
    const normal = String(canvas.fillStyle);
    if (normal.startsWith('#')) return [parseInt(normal.slice(1, 3), 16), parseInt(normal.slice(3, 5), 16), parseInt(normal.slice(5, 7), 16), 1];
    return rgba(normal);
  };
  const luminance = ([r, g, b]: number[]) => {
    const ch = (v: number) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r ?? 0) + 0.7152 * ch(g ?? 0) + 0.0722 * ch(b ?? 0);
  };
  const contrast = (a: number[], b: number[]) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour actually painted behind `from`: backgrounds composited up the ancestor chain.
  const backdrop = (from: Element | null): number[] => {
    const layers: [number, number, number, number][] = [];
    for (let node = from; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = rgba(getComputedStyle(document.documentElement).backgroundColor);
    if (out[3] < 1) out = [255, 255, 255, 1];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a), 1];
    return out;
  };

  const label = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${(el.getAttribute('aria-label') ?? el.innerText ?? el.getAttribute('name') ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const path: string[] = [];
  for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
    path.unshift(`${node.tagName}${node.parentElement ? Array.prototype.indexOf.call(node.parentElement.children, node) : ''}`);
  }

  // React Aria keeps checkbox and radio inputs visually hidden; the ring is on the visible box.
  let indicator: HTMLElement = el;
  const own = el.getBoundingClientRect();
  let hidden = own.width <= 1 || own.height <= 1;
  for (let n: Element | null = el, i = 0; n && i < 3 && !hidden; n = n.parentElement, i++) {
    const cs = getComputedStyle(n);
    hidden = cs.clipPath === 'inset(50%)' || cs.clip === 'rect(0px, 0px, 0px, 0px)';
  }
  if (hidden) {
    const host = el.closest('label');
    indicator = host?.querySelector<HTMLElement>('[data-focus-visible]') ?? host ?? el;
  }
  const appearance: string[] = [];
  const style = getComputedStyle(indicator);
  const width = parseFloat(style.outlineWidth);
  if (style.outlineStyle === 'none' || !(width >= 2)) {
    appearance.push(`${label}: focus outline is ${style.outlineStyle} ${style.outlineWidth} (needs a solid ring of at least 2 px)`);
  } else {
    // An outset ring is painted over what surrounds the element; an inset one over the element.
    const behind = parseFloat(style.outlineOffset) < 0 ? backdrop(indicator) : backdrop(indicator.parentElement);
    const ratio = contrast(rgba(style.outlineColor), behind);
    if (ratio < 3) appearance.push(`${label}: focus ring contrast ${ratio.toFixed(2)}:1 against its surroundings (needs 3:1; ring ${style.outlineColor}, behind rgb(${behind.slice(0, 3).map(Math.round).join(', ')}))`);
  }

  const obscured: string[] = [];
  const box = indicator.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  if (box.bottom <= 0 || box.top >= vh || box.right <= 0 || box.left >= vw) {
    obscured.push(`${label}: focused element is off screen`);
  } else {
    // Corner points sit inside the rounded shape: 2 px in from a square corner, and in from a
    // rounded one by the part of its radius the curve cuts off (r·(1 − 1/√2)). A point in the
    // cut-off part would hit whatever lies behind the corner, not a cover.
    const radius = Math.min(box.width / 2, box.height / 2, Math.max(...['borderTopLeftRadius', 'borderTopRightRadius', 'borderBottomLeftRadius', 'borderBottomRightRadius'].map((k) => parseFloat(style[k as 'borderTopLeftRadius']) || 0)));
    const inset = 2 + radius * (1 - Math.SQRT1_2);
    const points = [
      [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
      [box.left + inset, box.top + inset],
      [box.right - inset, box.top + inset],
      [box.left + inset, box.bottom - inset],
      [box.right - inset, box.bottom - inset],
    ].filter(([x, y]) => x! >= 0 && y! >= 0 && x! < vw && y! < vh);
    for (const [x, y] of points) {
      const hit = document.elementFromPoint(x!, y!);
      if (!hit || hit === indicator || indicator.contains(hit) || hit.contains(indicator) || el.contains(hit) || hit.contains(el)) continue;
      obscured.push(`${label}: covered at (${Math.round(x!)}, ${Math.round(y!)}) by ${hit.tagName.toLowerCase()} "${(hit.textContent ?? '').trim().slice(0, 30)}"`);
      break;
    }
  }
  return { name: label, appearance, obscured, key: path.join('/') };
}

/**
 * Inspects the focused element in each of `themes` (the value of html[data-theme]), or as the
 * page is when `themes` is empty, and puts the page back as it was. Self-contained, like
 * `inspect`. The ring's colours change with the theme and nothing else the inspection reads
 * does, so one Tab stop serves every theme (the scan walks each page once, not once per theme).
 * Each theme switch restyles the whole page: the one it is in is inspected without one.
 */
function inspectFocusIn(themes: readonly string[], inspect: () => FocusStop | null): (FocusStop | null)[] {
  if (themes.length === 0) return [inspect()];
  const root = document.documentElement;
  const before = root.dataset.theme;
  // No transition may start: a colour read mid-transition is the previous theme's. (The walk
  // holds them off for its whole length; a single inspection does it here.)
  let still = document.getElementById('a11y-transitions-off');
  const own = !still;
  if (!still) {
    still = document.createElement('style');
    still.id = 'a11y-transitions-off';
    still.textContent = '*,*::before,*::after{transition:none!important}';
    document.head.append(still);
  }
  const found = themes.map((theme) => {
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
    return inspect();
  });
  if (root.dataset.theme !== before) {
    if (before === undefined) delete root.dataset.theme;
    else root.dataset.theme = before;
    // Restyle the page in its own theme now, while transitions are off, so none starts after.
    getComputedStyle(root).getPropertyValue('color');
  }
  if (own) still.remove();
  return found;
}

/** Holds CSS transitions off for a whole walk (see inspectFocusIn), or lets them be again. */
async function holdTransitions(page: Page, off: boolean): Promise<void> {
  await page.evaluate((off) => {
    const still = document.getElementById('a11y-transitions-off');
    if (!off) return still?.remove();
    if (still) return;
    const style = document.createElement('style');
    style.id = 'a11y-transitions-off';
    style.textContent = '*,*::before,*::after{transition:none!important}';
    document.head.append(style);
  }, off);
}

const inspectAfterPaint = (themes: readonly string[]) => `(${inspectFocusIn.toString()})(${JSON.stringify(themes)}, ${inspectFocus.toString()})`;

export interface WalkOptions {
  /** A modal is open: focus must cycle inside it, and Escape must close it. */
  modal?: boolean;
  /** Safety stop; a page with more stops than this is reported as a possible trap. */
  maxStops?: number;
  /** Judge the focus rings in each of these themes (html[data-theme]); default: the page as it is. */
  themes?: readonly string[];
}

export interface WalkResult {
  stops: FocusStop[];
  /** The checks for the page as it is, or in the first of `themes`. */
  checks: CheckResult[];
  /** Per theme asked for, the same checks with the rings judged in that theme. */
  byTheme: Record<string, CheckResult[]>;
}

/** The three checks of a walk, from its stops as inspected in one theme. */
function walkChecks(stops: FocusStop[], operability: string[]): CheckResult[] {
  return [
    result('keyboard-operable', ['2.1.1', '2.1.2', '2.1.3'], 'Every stop reachable by Tab, no keyboard trap', operability, stops.length),
    result('focus-appearance', ['2.4.7', '2.4.13'], 'Focus ring ≥ 2 px with ≥ 3:1 change', stops.flatMap((s) => s.appearance), stops.length),
    result('focus-not-obscured', ['2.4.11', '2.4.12'], 'Focused element never covered', stops.flatMap((s) => s.obscured), stops.length),
  ];
}

/**
 * Walks the page with Tab from the top (or from the modal's first stop) until focus leaves
 * the document or comes back to where it started.
 */
export async function walkKeyboard(page: Page, options: WalkOptions = {}): Promise<WalkResult> {
  const max = options.maxStops ?? 200;
  const themes = options.themes ?? [];
  const inspectNow = inspectAfterPaint(themes);
  /** Per theme (one list when no themes are asked for), the stops as inspected in it. */
  const seen: FocusStop[][] = (themes.length ? themes : ['']).map(() => []);
  const stops = seen[0]!;
  const operability: string[] = [];
  if (!options.modal) {
    // Start at the very top: blur() alone leaves Chrome's sequential-navigation start point
    // where focus was, so focus a throwaway element placed first in <body>, then drop it.
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      const start = document.createElement('span');
      start.tabIndex = -1;
      start.id = 'a11y-walk-start';
      document.body.prepend(start);
      start.focus();
    });
  }
  if (themes.length) await holdTransitions(page, true);
  let first: string | undefined;
  let previous: string | undefined;
  let ended = false;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (i === 0) await page.evaluate(() => document.getElementById('a11y-walk-start')?.remove());
    // React Aria sets data-focus-visible in a render after the focus event: let it paint,
    // then inspect, in one round trip.
    let found = await page.evaluate<(FocusStop | null)[]>(inspectNow);
    // A ring judged too faint is measured once more after a pause: a page still settling
    // (a list re-rendering as the local database answers) must not fail on one frame, but
    // a ring that stays faint still fails.
    if (found.some((s) => s?.appearance.length)) {
      await page.waitForTimeout(250);
      const again = await page.evaluate<(FocusStop | null)[]>(inspectNow);
      found = found.map((s, t) => again[t] ?? s);
    }
    const stop = found[0] ?? null;
    if (!stop) {
      if (options.modal) operability.push('focus left the open modal dialog');
      ended = true;
      break;
    }
    if (stop.key === previous) {
      operability.push(`Tab does not move focus away from ${stop.name} (keyboard trap)`);
      ended = true;
      break;
    }
    if (stop.key === first) {
      // Cycling is what a modal must do; for a page it means focus is caught in a loop.
      if (!options.modal) operability.push(`focus cycles back to ${stop.name} without leaving the page (keyboard trap)`);
      ended = true;
      break;
    }
    first ??= stop.key;
    previous = stop.key;
    found.forEach((s, t) => seen[t]!.push(s ?? stop));
  }
  if (themes.length) await holdTransitions(page, false);
  if (!ended) operability.push(`more than ${max} Tab stops without leaving the page (possible trap)`);
  if (stops.length === 0) operability.push('no element can be reached with Tab');

  if (options.modal) {
    await page.keyboard.press('Escape');
    // The dialog closes and hands focus back within a frame or two; on a loaded machine once
    // focus sat on <body> at the first look. Give it up to a second, then judge.
    await page
      .waitForFunction(() => !document.querySelector('[role=dialog], [role=alertdialog]') && document.activeElement !== null && document.activeElement !== document.body, undefined, { timeout: 1_000 })
      .catch(() => undefined);
    const state = await page.evaluate(() => ({
      open: Boolean(document.querySelector('[role=dialog], [role=alertdialog]')),
      focus: document.activeElement && document.activeElement !== document.body ? (document.activeElement.textContent ?? '').trim() : null,
    }));
    if (state.open) operability.push('Escape does not close the modal dialog');
    else if (!state.focus) operability.push('after Escape, focus is lost (not returned to the opening control)');
  }

  return { stops, checks: walkChecks(stops, operability), byTheme: Object.fromEntries(themes.map((theme, t) => [theme, walkChecks(seen[t]!, operability)])) };
}

/**
 * Checks only the element focused now (an open list box or menu), without moving focus: per
 * theme asked for (html[data-theme]), or for the page as it is under the key ''.
 */
export async function checkCurrentFocus(page: Page, themes: readonly string[] = []): Promise<Record<string, CheckResult[]>> {
  const found = await page.evaluate<(FocusStop | null)[]>(inspectAfterPaint(themes));
  return Object.fromEntries(
    (themes.length ? themes : ['']).map((theme, t) => {
      const stops = found[t] ? [found[t]] : [];
      return [
        theme,
        [
          result('focus-appearance', ['2.4.7', '2.4.13'], 'Focus ring ≥ 2 px with ≥ 3:1 change', stops.flatMap((s) => s.appearance), stops.length),
          result('focus-not-obscured', ['2.4.11', '2.4.12'], 'Focused element never covered', stops.flatMap((s) => s.obscured), stops.length),
        ],
      ];
    }),
  );
}
