/**
 * Accessibility in the built page: a keyboard-only run (Tab to Play, Space toggles), accessible
 * names from Chromium's own accessibility tree, a visible focus ring on every tab stop, text
 * contrast (WCAG AA, computed here), text summaries of the plots, KaTeX's MathML, and the
 * layout at 375 px (stacked, no horizontal scroll) and 1280 px, with screenshots.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const LINK = './?backend=cpu#v=1&model=gvae&hiddenWidth=64';
const GNCN = './?backend=cpu#v=1&model=gncn-pdh&layerWidth=48&topColumnSize=2&settlingSteps=10';

async function open(page: Page, url = LINK, steps = 0) {
  await page.goto(url);
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  for (let i = 0; i < steps; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  if (steps) await page.waitForFunction((n) => window.latentLab.history().steps.length >= n, steps);
}

const playing = (page: Page) => page.evaluate(() => window.latentLab.playing);

test('keyboard only: Tab reaches Play, Space toggles training; Space on the page toggles it, not on a slider', async ({ page }) => {
  await open(page);
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.textContent === 'Play');
  }
  expect(found).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(() => playing(page)).toBe(true);
  await expect(page.locator(':focus')).toHaveText('Pause'); // focus stays on the toggled button
  await page.keyboard.press('Space');
  await expect.poll(() => playing(page)).toBe(false);

  await page.locator('h1').click(); // focus leaves the controls
  await page.keyboard.press('Space');
  await expect.poll(() => playing(page)).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(() => playing(page)).toBe(false);

  await page.getByRole('slider', { name: /Speed/ }).focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  expect(await playing(page)).toBe(false);
});

/** Controls and images without an accessible name, from Chromium's accessibility tree. */
async function unnamed(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string }; backendDOMNodeId?: number }[];
  };
  await cdp.detach();
  const roles = ['button', 'slider', 'combobox', 'checkbox', 'spinbutton', 'tab', 'textbox', 'link', 'radio', 'switch', 'image', 'img', 'tabpanel', 'progressbar'];
  const bad = nodes.filter((n) => !n.ignored && roles.includes(n.role?.value ?? '') && !(n.name?.value ?? '').trim());
  return bad.map((n) => `${n.role!.value} #${n.backendDOMNodeId}`);
}

test('every button, slider, select, tab and plot has an accessible name, in every view', async ({ page }) => {
  test.setTimeout(300_000);
  const missing: string[] = [];
  const check = async (where: string) => missing.push(...(await unnamed(page)).map((u) => `${where}: ${u}`));
  await open(page, LINK, 3);
  await check('gvae');
  for (const tab of ['Derive it yourself', 'Interview questions', 'Common misconceptions', 'Derivation']) {
    await page.getByRole('tab', { name: tab }).click();
    await check(tab);
  }
  for (const mask of ['Random pixels', 'Centered box', 'Brush']) {
    await page.getByRole('button', { name: mask }).click();
    await check(mask);
  }
  await open(page, GNCN, 2);
  await expect(page.getByTestId('settling')).toBeVisible({ timeout: 60_000 });
  await check('gncn-pdh');
  expect(missing).toEqual([]);
});

test('every tab stop shows a focus ring, and text reaches WCAG AA contrast', async ({ page }) => {
  await open(page, LINK, 3);
  await expect(page.getByTestId('latent-canvas')).not.toHaveAttribute('data-points', '0', { timeout: 60_000 });
  const noRing: string[] = [];
  let stops = 0;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      if (el.dataset.tabStopSeen) return 'again'; // around the page once
      el.dataset.tabStopSeen = '1';
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
      return { id: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? el.id).slice(0, 40)}"`, ring };
    });
    if (stop === 'again') break;
    if (!stop) continue;
    stops += 1;
    if (!stop.ring) noRing.push(stop.id);
  }
  expect(stops).toBeGreaterThan(30); // the whole page: tabs, controls, settings, demos, study panel
  expect(noRing).toEqual([]);

  // WCAG 2 contrast of every visible text (1.4.3: 4.5:1, large text 3:1), against the first
  // opaque background behind it; disabled controls are exempt.
  const low = await page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (!el || seen.has(el) || !t.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest(':disabled, [aria-disabled="true"], .sr-only, .katex-mathml, noscript') || !el.getClientRects().length) continue;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden') continue;
      let bg: number[] = [255, 255, 255];
      for (let a: Element | null = el; a; a = a.parentElement) {
        const c = parse(getComputedStyle(a).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
      }
      const [l1, l2] = [lum(parse(s.color).slice(0, 3)), lum(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)} ${s.color} on rgb(${bg.join(', ')}): "${t.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  });
  expect(low).toEqual([]);
});

test('plots have text summaries with the latest numbers; KaTeX keeps its MathML', async ({ page }) => {
  await open(page, LINK, 5);
  // Every chart (canvas or SVG, outside hidden decorations) is an image with a summary.
  const plots = await page.evaluate(() => [...document.querySelectorAll('canvas, svg')]
    .filter((el) => !el.closest('[aria-hidden="true"]'))
    .map((el) => ({ tag: el.tagName, role: el.getAttribute('role'), label: el.getAttribute('aria-label') ?? '' })));
  expect(plots.length).toBeGreaterThanOrEqual(5);
  for (const p of plots) {
    expect(p.role, p.tag).toBe('img');
    expect(p.label.length, `${p.tag} ${p.label}`).toBeGreaterThan(10);
  }
  // The loss chart's summary carries the latest training terms (refreshed at most every few seconds).
  const latest = await page.evaluate(() => window.latentLab.losses!);
  await expect.poll(async () => {
    const label = (await page.getByTestId('loss-chart').first().getAttribute('aria-label')) ?? '';
    return ['recon', 'kl', 'negElbo'].every((k) => label.includes(latest[k].toFixed(2)));
  }, { timeout: 10_000 }).toBe(true);

  const math = await page.evaluate(() => [...document.querySelectorAll('.katex')].map((k) => ({
    mathml: k.querySelector('.katex-mathml math annotation[encoding="application/x-tex"]') !== null,
    hidden: k.querySelector('.katex-html')?.getAttribute('aria-hidden') === 'true',
  })));
  expect(math.length).toBeGreaterThan(0);
  expect(math.every((m) => m.mathml && m.hidden)).toBe(true);
});

for (const width of [375, 1280]) {
  test(`layout at ${width} px: ${width < 800 ? 'stacked, ' : 'two columns, '}no horizontal scroll; screenshots`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 800 ? 812 : 900 });
    await open(page, LINK, 5);
    await expect(page.getByTestId('latent-canvas')).not.toHaveAttribute('data-points', '0', { timeout: 60_000 });
    const layout = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      columns: getComputedStyle(document.querySelector('.grid')!).gridTemplateColumns.split(' ').length,
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(width);
    expect(layout.columns).toBe(width < 800 ? 1 : 2);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: `test-results/screenshots/page-${width}.png`, fullPage: true });
    // The README's copy: the first screen only, as JPEG, kept when small.
    const shot = `test-results/screenshots/readme-${width}.jpg`;
    await page.screenshot({ path: shot, type: 'jpeg', quality: 70 });
    if (statSync(shot).size < 250_000) {
      mkdirSync('docs/screenshots', { recursive: true });
      copyFileSync(shot, `docs/screenshots/${width < 800 ? 'mobile' : 'desktop'}-${width}.jpg`);
    }
  });
}
