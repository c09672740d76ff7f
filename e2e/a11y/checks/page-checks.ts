// AAA checks axe-core cannot make, run inside the page. Each evaluate() callback must be
// self-contained: Playwright serialises it, so helpers live inside it.
import type { Page } from '@playwright/test';
import { result, type CheckResult } from './types';

const INTERACTIVE =
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [role=spinbutton], [role=slider], [tabindex]:not([tabindex="-1"])';

/** WCAG 2.5.5: every target at least 44x44 CSS px, except links inside a sentence. */
export async function checkTargetSize(page: Page): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate((selector) => {
    const out: string[] = [];
    let count = 0;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (el.closest('[aria-hidden="true"], [inert]') || (el as HTMLInputElement).disabled) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      let box = el.getBoundingClientRect();
      // Visually hidden: clipped by itself or by a wrapper (React Aria's VisuallyHidden).
      let hidden = box.width <= 1 || box.height <= 1;
      for (let n: Element | null = el, i = 0; n && i < 3 && !hidden; n = n.parentElement, i++) {
        const cs = getComputedStyle(n);
        hidden = cs.clipPath === 'inset(50%)' || cs.clip === 'rect(0px, 0px, 0px, 0px)';
      }
      // React Aria hides the real input of checkboxes and radios inside their <label>: the
      // label is what people press, so it is the target.
      if (hidden) {
        const label = el.closest('label');
        if (label) box = label.getBoundingClientRect();
        else {
          // Visually hidden until focused, like the skip link: measure it while it shows.
          const before = document.activeElement as HTMLElement | null;
          el.focus({ preventScroll: true });
          box = el.getBoundingClientRect();
          before?.focus({ preventScroll: true });
          // Still hidden when focused: a screen-reader-only control (React Aria's dismiss
          // buttons), not a pointer target.
          if (box.width <= 1 || box.height <= 1) continue;
        }
      }
      if (box.width === 0 && box.height === 0) continue;
      count++;
      // The "inline" exception: a link inside a sentence, with text around it.
      if (el.tagName === 'A' && el.parentElement) {
        const parent = el.parentElement;
        const text = (parent.textContent ?? '').replace(el.textContent ?? '', '').trim();
        if (['P', 'LI', 'DD', 'TD'].includes(parent.tagName) && text.length > 0 && getComputedStyle(el).display === 'inline') continue;
      }
      if (box.width < 43.5 || box.height < 43.5) out.push(`${describe(el)} is ${Math.round(box.width)}x${Math.round(box.height)} px`);
    }
    return { problems: out, examined: count };
  }, INTERACTIVE);
  return result('target-size', ['2.5.5'], 'Targets at least 44x44 CSS px', problems, examined);
}

/** WCAG 1.4.8: blocks of text at most 80 characters wide, line height at least 1.5, not justified. */
export async function checkTextBlocks(page: Page): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate(() => {
    const out: string[] = [];
    let count = 0;
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(100);
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;left:-9999px';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('p, li, dd, dt, blockquote, figcaption, td, th, label, legend'))) {
      const text = (el.innerText ?? '').trim();
      if (!text || el.closest('[aria-hidden="true"]')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.getBoundingClientRect().width === 0) continue;
      count++;
      const name = `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`;
      if (style.textAlign === 'justify') out.push(`${name} is justified`);
      const fontSize = parseFloat(style.fontSize);
      const lineHeight = style.lineHeight === 'normal' ? NaN : parseFloat(style.lineHeight);
      if (!(lineHeight / fontSize >= 1.499)) out.push(`${name} has line height ${style.lineHeight} on ${style.fontSize} text (needs 1.5)`);
      // Only text long enough to fill 80 characters can be too wide.
      if (text.length > 80) {
        probe.style.font = style.font;
        probe.style.letterSpacing = style.letterSpacing;
        el.appendChild(probe);
        const ch = probe.getBoundingClientRect().width / 100;
        probe.remove();
        const width = el.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (width / ch > 80.5) out.push(`${name} is ${Math.round(width / ch)} characters wide (max 80)`);
      }
    }
    return { problems: out, examined: count };
  });
  return result('text-blocks', ['1.4.8'], 'Text blocks ≤ 80 characters wide, line height ≥ 1.5, not justified', problems, examined);
}

/** WCAG 1.4.10 / 1.4.8: at 320 CSS px (400% of 1280) the page does not scroll sideways. */
export async function checkReflow(page: Page): Promise<CheckResult> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: before?.height ?? 640 });
  const overflow = await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const doc = document.documentElement;
    const wide = Array.from(document.body.querySelectorAll<HTMLElement>('*'))
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.closest('[role=region][tabindex="0"], [aria-hidden="true"]'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}" ends at ${Math.round(el.getBoundingClientRect().right)} px`);
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide };
  });
  if (before) await page.setViewportSize(before);
  const problems =
    overflow.scrollWidth > overflow.clientWidth
      ? [`page is ${overflow.scrollWidth} px wide in a ${overflow.clientWidth} px viewport`, ...overflow.wide]
      : [];
  return result('reflow-320', ['1.4.10', '1.4.8'], 'No horizontal scrolling at 320 CSS px', problems, 1);
}

/** WCAG 2.3.3: with prefers-reduced-motion, nothing on the page is animating. */
export async function checkReducedMotion(page: Page): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate(() => {
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) return { problems: ['reduced motion is not emulated'], examined: 0 };
    const animations = document.getAnimations();
    const moving = animations.filter((a) => {
      const duration = Number(a.effect?.getComputedTiming().duration ?? 0);
      return a.playState === 'running' && duration > 1;
    });
    return {
      problems: moving.map((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target;
        return `${a.constructor.name} of ${target?.tagName.toLowerCase() ?? '?'} runs ${Math.round(Number(a.effect?.getComputedTiming().duration))} ms`;
      }),
      examined: animations.length,
    };
  });
  return result('reduced-motion', ['2.3.3'], 'No motion when reduced motion is requested', problems, examined);
}

/** WCAG 3.3.9 (and 3.3.8): paste works in every field; password fields allow password managers. */
export async function checkPasteAndAutofill(page: Page): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate(() => {
    const out: string[] = [];
    const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea, [contenteditable="true"]'));
    for (const field of fields) {
      const name = field.getAttribute('name') ?? field.id ?? field.tagName;
      const data = new DataTransfer();
      data.setData('text/plain', 'pasted');
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      field.dispatchEvent(event);
      if (event.defaultPrevented) out.push(`paste is blocked in "${name}"`);
      if (field instanceof HTMLInputElement && field.type === 'password') {
        const ac = field.autocomplete;
        if (ac !== 'current-password' && ac !== 'new-password') out.push(`password field "${name}" has autocomplete="${ac}" (use current-password or new-password)`);
      }
      if (field.getAttribute('autocomplete') === 'off' && field instanceof HTMLInputElement && ['password', 'email', 'tel'].includes(field.type)) {
        out.push(`"${name}" turns autofill off`);
      }
    }
    return { problems: out, examined: fields.length };
  });
  return result('paste-autofill', ['3.3.9', '1.3.6'], 'Paste and password managers work in every field', problems, examined);
}

/** WCAG 2.4.8 location, 2.4.10 section headings. */
export async function checkStructure(page: Page): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate(() => {
    const out: string[] = [];
    // Shown ones only: a link inside a closed panel or hidden at this width shows nothing. The
    // current page, or (on a phone) the current section, "More", with the page's own h1.
    const shown = (el: Element) => (el as HTMLElement).getClientRects().length > 0;
    if (!Array.from(document.querySelectorAll('[aria-current="page"], [aria-current="true"], nav[aria-label="Breadcrumbs"]')).some(shown)) {
      out.push('no shown aria-current link or breadcrumbs show where the user is');
    }
    const h1 = Array.from(document.querySelectorAll('h1')).filter((h) => !h.closest('[role=dialog], [role=alertdialog]'));
    if (h1.length !== 1) out.push(`the page has ${h1.length} h1 headings (needs exactly 1)`);
    const headings = Array.from(document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')).filter((h) => !h.closest('[role=dialog], [role=alertdialog], [aria-hidden="true"]'));
    let previous = 0;
    for (const h of headings) {
      const level = Number(h.tagName[1]);
      if (previous && level > previous + 1) out.push(`heading "${h.textContent?.trim()}" jumps from h${previous} to h${level}`);
      previous = level;
    }
    const sections = Array.from(document.querySelectorAll('main section'));
    for (const s of sections) {
      if (!s.querySelector('h1, h2, h3, h4, h5, h6, [role=heading]')) out.push(`a ${s.tagName.toLowerCase()} "${(s.textContent ?? '').trim().slice(0, 30)}" has no heading`);
    }
    return { problems: out, examined: headings.length + sections.length };
  });
  return result('location-headings', ['2.4.8', '2.4.10'], 'Location shown; sections have headings in order', problems, examined);
}

/** WCAG 3.1.4: each known abbreviation on the page is expanded by an <abbr title> at least once. */
export async function checkAbbreviations(page: Page, glossary: Readonly<Record<string, string>>): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate((terms) => {
    const out: string[] = [];
    // Visible prose only: identifiers in <code> (e.g. the SMTP_URL setting) are names, not abbreviations.
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, kbd, samp, pre, script, style, template') || !parent.checkVisibility()) continue;
      parts.push(node.textContent ?? '');
    }
    const text = parts.join(' ');
    let seen = 0;
    for (const [term, expansion] of Object.entries(terms)) {
      if (!new RegExp(`(^|[^A-Za-z])${term}([^A-Za-z]|$)`).test(text)) continue;
      seen++;
      const expanded = Array.from(document.querySelectorAll('abbr[title]')).some((a) => a.textContent?.trim() === term && a.getAttribute('title') === expansion);
      if (!expanded) out.push(`"${term}" appears but no <abbr title="${expansion}"> expands it`);
    }
    return { problems: out, examined: seen };
  }, glossary);
  return result('abbreviations', ['3.1.4'], 'Abbreviations expanded', problems, examined);
}

/**
 * WCAG 1.4.6 for chart labels: axe cannot find the background of text inside an SVG (it
 * reports "needs review"), so each visible SVG text's fill is measured here against the page
 * behind its SVG, in each of `themes` (html[data-theme]), at 7:1. The page is put back in the
 * theme it was in.
 */
export async function checkSvgTextContrast(page: Page, themes: readonly string[]): Promise<CheckResult> {
  const { problems, examined } = await page.evaluate((themes) => {
    const out: string[] = [];
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const parse = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (c: number[]) => 0.2126 * channel(c[0]!) + 0.7152 * channel(c[1]!) + 0.0722 * channel(c[2]!);
    const ratio = (a: number[], b: number[]) => {
      const [x, y] = [luminance(a), luminance(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    /** The first opaque background at or above `from` (HTML elements; the root's when none). */
    const backdrop = (from: Element | null): number[] => {
      for (let n = from; n; n = n.parentElement) {
        const c = parse(getComputedStyle(n).backgroundColor);
        if (c.length >= 3 && (c[3] ?? 1) >= 1) return c;
      }
      return [255, 255, 255];
    };
    const texts = Array.from(document.querySelectorAll<SVGTextElement>('svg text')).filter((t) => {
      const box = t.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && (t.textContent ?? '').trim() !== '' && !t.closest('[aria-hidden="true"] svg, svg[aria-hidden="true"]');
    });
    const root = document.documentElement;
    const before = root.dataset.theme;
    for (const theme of themes.length ? themes : [before ?? '']) {
      if (theme) root.dataset.theme = theme;
      for (const t of texts) {
        const fill = parse(getComputedStyle(t).fill);
        if (fill.length < 3) continue;
        const r = ratio(fill, backdrop(t.ownerSVGElement?.parentElement ?? null));
        if (r < 7) out.push(`${theme || 'page'} theme: chart text "${(t.textContent ?? '').trim().slice(0, 30)}" at ${r.toFixed(2)}:1 (needs 7:1)`);
      }
    }
    if (before === undefined) delete root.dataset.theme;
    else root.dataset.theme = before;
    return { problems: out, examined: texts.length };
  }, themes);
  return result('svg-text-contrast', ['1.4.3', '1.4.6'], 'Chart text (SVG) at 7:1 in every theme', problems, examined);
}
