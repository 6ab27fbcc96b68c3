/**
 * Reliability (issue 8) in Chromium: a lost WebGL context is detected, the backend rebuilt and the
 * weights restored from the latest snapshot (or, when WebGL will not come back, training moves to
 * WASM); with WebGL disabled the app runs on WASM and says so; GNCN-PDH's divergence at a high
 * learning rate names Σ and Reset recovers; and a long mixed session (100 model switches, every
 * slider to both ends, the masked demo, training) ends with as many tensors as it started with.
 * Measured figures go into the test annotations (and the console).
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { allFinite, learningRateSlider, MAX_STEPS_AFTER, maxLearningRateUntilPaused, measure, status } from './lab';

/** numTensors once nothing is in flight: the same value on 7 reads 500 ms apart. */
async function idleTensors(page: Page): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 120 && same < 6; i++) {
    await page.waitForTimeout(500);
    const n = await page.evaluate(() => window.latentLab.numTensors);
    same = n === last ? same + 1 : 0;
    last = n;
  }
  return last;
}
/** Records every WebGL context the page creates (window.glContexts); `window.blockGl = true` refuses new ones. */
function recordGlContexts() {
  const w = window as unknown as { glContexts: WebGLRenderingContext[]; blockGl: boolean };
  w.glContexts = [];
  w.blockGl = false;
  for (const C of [HTMLCanvasElement, OffscreenCanvas]) {
    const orig = C.prototype.getContext as (this: unknown, type: string, attrs?: unknown) => unknown;
    (C.prototype as { getContext: unknown }).getContext = function (this: unknown, type: string, attrs?: unknown) {
      if (/webgl/.test(type) && w.blockGl) return null;
      const ctx = orig.call(this, type, attrs) as WebGLRenderingContext | null;
      if (ctx && /webgl/.test(type) && !w.glContexts.includes(ctx)) w.glContexts.push(ctx);
      return ctx;
    };
  }
}
/** Loses every live WebGL context of the page; @returns performance.now() and the state at that moment. */
const loseContexts = (page: Page) => page.evaluate(() => {
  const live = (window as unknown as { glContexts: WebGLRenderingContext[] }).glContexts.filter((g) => !g.isContextLost());
  const at = performance.now();
  live.forEach((g) => g.getExtension('WEBGL_lose_context')!.loseContext());
  const callMs = performance.now() - at; // how long loseContext() itself blocked
  return { contexts: live.length, at, callMs, step: window.latentLab.step, snapshotStep: window.latentLab.snapshotStep };
});

async function trainOnWebglUntilSnapshot(page: Page, minSnapshotStep: number) {
  await page.goto('./?backend=webgl#v=1&init=scratch&model=gvae&hiddenWidth=64');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('webgl');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((min) => window.latentLab.snapshotStep >= min && window.latentLab.step >= window.latentLab.snapshotStep + 20, minSnapshotStep, { timeout: 120_000 });
}

test('a lost WebGL context is detected, the backend rebuilt, the weights restored and training resumed', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(recordGlContexts);
  await trainOnWebglUntilSnapshot(page, 50); // trained well past the untrained loss
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const tensorsBefore = await idleTensors(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((n) => window.latentLab.step > n + 20, await page.evaluate(() => window.latentLab.step));

  const lost = await loseContexts(page);
  expect(lost.contexts).toBe(1);
  const before = await status(page);
  await page.waitForFunction(() => window.latentLab.recovery !== null, null, { timeout: 30_000 });
  const recoveredAt = await page.evaluate(() => performance.now());
  const rec = (await page.evaluate(() => window.latentLab.recovery))!;
  await page.waitForFunction((s) => window.latentLab.history().steps.some((x) => x >= s), rec.restoredStep!, { timeout: 60_000 });
  const firstReadAt = await page.evaluate(() => performance.now());
  // Resumed: steps beyond the restored snapshot were trained and read back.
  await page.waitForFunction((s) => window.latentLab.history().steps.some((x) => x > s + 20), rec.restoredStep!, { timeout: 60_000 });
  const resumedAt = await page.evaluate(() => performance.now());
  await expect(page.getByRole('status').filter({ hasText: 'The GPU context was lost' })).toContainText('the WebGL backend was rebuilt');
  const after = await status(page);
  expect(after.tfBackend).toBe('webgl');
  expect(after.playing).toBe(true);
  expect(after.pauseReason).toBeNull();
  expect(rec).toMatchObject({ backend: 'webgl', fellBack: false, restoredStep: lost.snapshotStep });
  expect(rec.lostStep).toBeGreaterThanOrEqual(lost.step);
  const ctxLost = await page.evaluate(() => (window as unknown as { glContexts: WebGLRenderingContext[] }).glContexts.map((g) => g.isContextLost()));
  expect(ctxLost).toEqual([true, false]); // a new context, not the old one restored

  // The restored weights are the trained ones: the first losses after recovery are near the loss at
  // the snapshot, far below the untrained model's (an independent reference: step 0 of this run).
  const h = after.history;
  expect(allFinite(h.terms)).toBe(true);
  const obj = h.terms.negElbo;
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const at = (pred: (s: number) => boolean) => mean(obj.filter((_, i) => pred(h.steps[i])).slice(0, 5));
  const untrained = at((s) => s < 5);
  const atSnapshot = mean(obj.filter((_, i) => h.steps[i] < rec.restoredStep!).slice(-5));
  const resumed = at((s) => s >= rec.restoredStep!);
  expect(resumed).toBeLessThan(atSnapshot + 0.25 * (untrained - atSnapshot));
  expect(h.steps.filter((s) => s >= rec.restoredStep!).length).toBeGreaterThan(20);
  expect(before.history.steps.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const tensorsAfter = await idleTensors(page);
  expect(tensorsAfter).toBe(tensorsBefore);

  // A second loss while paused (no training to notice it): the webglcontextlost event alone triggers
  // the recovery, the page stays paused, and a Step works on the third context.
  const idle = await loseContexts(page);
  expect(idle.contexts).toBe(1);
  await page.waitForFunction((s) => window.latentLab.recovery?.lostStep === s, idle.step, { timeout: 30_000 });
  const rec2 = (await page.evaluate(() => window.latentLab.recovery))!;
  expect(rec2.cause).toBe('the browser reported webglcontextlost');
  expect(rec2.restoredStep).toBe(idle.snapshotStep);
  expect(await page.evaluate(() => [window.latentLab.playing, window.latentLab.tfBackend, window.latentLab.step])).toEqual([false, 'webgl', rec2.restoredStep]);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction((s) => window.latentLab.history().steps.includes(s), rec2.restoredStep!);
  expect(allFinite((await page.evaluate(() => window.latentLab.history())).terms)).toBe(true);
  expect(errors).toEqual([]);
  measure('contextLoss', {
    cause: rec.cause, loseContextCallMs: Math.round(lost.callMs), detectionMs: Math.round(rec.startedAt - lost.at), recoveryMs: Math.round(rec.ms), lossToRecoveredMs: Math.round(recoveredAt - lost.at), lossToFirstReadbackMs: Math.round(firstReadAt - lost.at), lossTo20StepsMs: Math.round(resumedAt - lost.at), lostStep: rec.lostStep, restoredStep: rec.restoredStep,
    untrained: Math.round(untrained), atSnapshot: Math.round(atSnapshot), resumed: Math.round(resumed), tensorsBefore, tensorsAfter,
  });
});

test('paused, no lost-context event: the watchdog on a Step readback notices, and WASM takes over when WebGL will not restart', async ({ page }) => {
  await page.addInitScript(recordGlContexts);
  await page.addInitScript(() => {
    // Nobody hears webglcontextlost (neither tfjs nor the app), and training is paused (no frame
    // checks the context): detection is left to the step or its readback's watchdog.
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (type === 'webglcontextlost') return;
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof add;
  });
  await trainOnWebglUntilSnapshot(page, 1);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(() => !window.latentLab.playing);
  await page.evaluate(() => { (window as unknown as { blockGl: boolean }).blockGl = true; });
  const lost = await loseContexts(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.recovery !== null, null, { timeout: 60_000 });
  const lossToRecoveredMs = Math.round((await page.evaluate(() => performance.now())) - lost.at);
  const rec = (await page.evaluate(() => window.latentLab.recovery))!;
  expect(rec.cause).toMatch(/^(the GPU context was lost during a readback|a training step failed on the lost context)$/);
  expect(rec).toMatchObject({ backend: 'wasm', fellBack: true, restoredStep: lost.snapshotStep });
  expect(await page.evaluate(() => window.latentLab.playing)).toBe(false); // it was paused, it stays paused
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((s) => window.latentLab.history().steps.some((x) => x > s + 20), rec.restoredStep!, { timeout: 60_000 });
  const after = await status(page);
  expect(after.tfBackend).toBe('wasm');
  expect(after.backend).toBe('wasm');
  expect(allFinite(after.history.terms)).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'The GPU context was lost' })).toContainText('training continues on WASM');
  await expect(page.getByTestId('backend-badge')).toContainText(/wasm/i);
  measure('contextLossWatchdog', { detectionMs: Math.round(rec.startedAt - lost.at), recoveryMs: Math.round(rec.ms), lossToRecoveredMs, cause: rec.cause, lostStep: rec.lostStep, restoredStep: rec.restoredStep });
});

test('no WebGL at all: the app runs on WASM with a notice, and training works', async ({ baseURL }) => {
  // A browser of its own: launch options cannot change per test inside one worker.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-3d-apis', '--disable-webgl', '--disable-software-rasterizer'],
  });
  try {
    const page = await browser.newPage({ baseURL });
    for (const search of ['', '?backend=webgl']) {
      await page.goto(`./${search}#v=1&init=scratch&model=gvae&hiddenWidth=64`);
      expect(await page.evaluate(() => [document.createElement('canvas').getContext('webgl'), new OffscreenCanvas(1, 1).getContext('webgl2')]))
        .toEqual([null, null]); // (--disable-3d-apis alone still grants WebGL to an OffscreenCanvas)
      await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
      expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('wasm');
      const notice = search ? 'webgl could not start; training on WASM instead' : 'WebGL is unavailable or software-only on this device; training on WASM instead';
      await expect(page.getByRole('status').filter({ hasText: notice })).toBeVisible();
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
      await page.waitForFunction(() => window.latentLab.history().steps.length >= 3);
      const h = await page.evaluate(() => window.latentLab.history());
      expect(allFinite(h.terms)).toBe(true);
    }
  } finally {
    await browser.close();
  }
});

test('GNCN-PDH at the maximum learning rate: paused at the failing step, Σ named, no NaN plotted; Reset recovers', async ({ page }) => {
  await page.goto('./?backend=webgl#v=1&init=scratch&model=gncn-pdh&layerWidth=48&settlingSteps=5');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('webgl');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.history().steps.length >= 5, null, { timeout: 120_000 });
  const lrChangeToPauseMs = await maxLearningRateUntilPaused(page);
  const s = await status(page);
  expect(s.pauseReason).toMatch(/error covariance Σ .* no longer positive definite .* learning rate \(1\.0e\+0\) is too high/);
  const failedStep = Number(/paused at step (\d+)/.exec(s.pauseReason!)![1]);
  await expect(page.getByTestId('pause-reason')).toContainText('Cholesky');
  expect(allFinite(s.history.terms)).toBe(true); // nothing from the failed step reaches the chart
  expect(Math.max(...s.history.steps)).toBeLessThan(failedStep);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => window.latentLab.step)).toBe(s.step); // it stays paused

  await learningRateSlider(page).fill('-3');
  await learningRateSlider(page).blur();
  await page.getByRole('button', { name: 'Reset the model' }).click();
  await page.waitForFunction(() => window.latentLab.step === 0 && window.latentLab.pauseReason === null);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.history().steps.length >= 5, null, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const h = await page.evaluate(() => window.latentLab.history());
  expect(allFinite(h.terms)).toBe(true);
  measure('gncnDivergence', { lrChangeToPauseMs, failedStep, stepsAfterFailure: s.step - failedStep, message: s.pauseReason });
});

test('pause latency after a NaN: GVAE on 16-bit float WebGL stops at the readback that holds the first non-finite step', async ({ page }) => {
  await page.goto('./?backend=webgl&tfjsflags=WEBGL_FORCE_F16_TEXTURES:true#v=1&init=scratch&model=gvae&hiddenWidth=64&batchSize=32&stepsPerFrame=5');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => [window.latentLab.tfBackend, window.latentLab.precision])).toEqual(['webgl', 'float16']);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.pauseReason !== null, null, { timeout: 120_000 });
  const firstStepToPauseMs = await page.evaluate(() => Math.round(performance.now() - window.latentLab.firstStepMs!));
  const s = await status(page);
  const nanStep = Number(/became (?:NaN|infinite) at step (\d+)/.exec(s.pauseReason!)![1]);
  // Steps queued after the first non-finite one, before the readback that saw it paused training:
  // the readback that holds it (up to 20) plus the steps queued while it was in flight (MAX_STEPS_AFTER).
  const stepsAfter = s.step - nanStep;
  expect(stepsAfter).toBeGreaterThanOrEqual(0);
  expect(stepsAfter).toBeLessThanOrEqual(MAX_STEPS_AFTER);
  expect(allFinite(s.history.terms)).toBe(true);
  expect(Math.max(...s.history.steps)).toBeLessThan(nanStep);
  measure('nanPause', { nanStep, stepsAfter, firstStepToPauseMs }); // (an upper bound: includes the steps up to the NaN)
});

const TABS = [['GVAE-CV', 'gvae-cv'], ['RAE', 'rae'], ['GNCN-PDH', 'gncn-pdh'], ['GVAE', 'gvae']] as const;

async function switchTo(page: Page, tab: string, kind: string) {
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await page.waitForFunction((k) => window.latentLab.model === k, kind);
}

/**
 * Every slider of the settings card to its max and min and back; every select through its options and back.
 * @returns how many sliders there were, and how many of them changed the link (the setting took effect)
 */
async function dragEverySetting(page: Page): Promise<{ sliders: number; moved: number }> {
  const hash = () => page.evaluate(() => location.hash);
  let moved = 0;
  const card = page.locator('.card.settings');
  const sliders = page.locator('.card.settings input[type=range], .controls input[type=range]');
  for (let i = 0; i < (await sliders.count()); i++) {
    const el = sliders.nth(i);
    const original = await el.inputValue();
    const h0 = await hash();
    await el.focus();
    await el.press('End');
    const h1 = await hash();
    await el.press('Home');
    if (h1 !== h0 || (await hash()) !== h0) moved += 1;
    await el.fill(original);
    await el.blur();
  }
  const numbers = card.locator('input[type=number]'); // the seed
  for (let i = 0; i < (await numbers.count()); i++) {
    const el = numbers.nth(i);
    const original = await el.inputValue();
    for (const v of ['2', original]) {
      await el.fill(v);
      await el.blur();
    }
  }
  const selects = card.locator('select');
  for (let i = 0; i < (await selects.count()); i++) {
    const el = selects.nth(i);
    const original = await el.inputValue();
    for (const v of await el.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) await el.selectOption(v);
    await el.selectOption(original);
  }
  return { sliders: await sliders.count(), moved };
}

test('100 model switches, every setting to both ends, the masked demo and training leave no tensors behind (WebGL)', async ({ page }) => {
  test.setTimeout(420_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('./?backend=webgl#v=1&init=scratch&model=gvae&hiddenWidth=64&layerWidth=48&settlingSteps=5');
  await page.waitForFunction(() => window.latentLab?.trainReady === true && window.latentLab.testEval !== null, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('webgl');
  const startHash = await page.evaluate(() => location.hash);
  const start = await idleTensors(page);

  const t0 = Date.now();
  for (let i = 0; i < 100; i++) await switchTo(page, TABS[i % 4][0], TABS[i % 4][1]);
  const switchSeconds = (Date.now() - t0) / 1000;
  for (const [tab, kind] of TABS) {
    await switchTo(page, tab, kind);
    const { sliders, moved } = await dragEverySetting(page);
    expect(moved).toBe(sliders);
    expect(sliders).toBeGreaterThanOrEqual(5);
    await page.getByRole('button', { name: 'Bottom half' }).click();
    await page.getByRole('button', { name: 'Right half (paper)' }).click();
    const steps = kind === 'gncn-pdh' ? 3 : 20;
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction((n) => window.latentLab.history().steps.length >= n, steps, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.waitForFunction(() => window.latentLab.testEval !== null, null, { timeout: 120_000 }); // an evaluation ran
  }
  expect(await page.evaluate(() => location.hash)).toBe(startHash); // every setting is back where it started
  await page.getByRole('button', { name: 'Reset', exact: true }).click(); // the same fresh GVAE as at the start
  await page.waitForFunction(() => window.latentLab.step === 0);
  const end = await idleTensors(page);
  expect(end).toBe(start);
  expect(errors).toEqual([]);
  measure('browserLeaks', { backend: 'webgl', start, end, switches: 100, switchSeconds, seconds: (Date.now() - t0) / 1000 });
});
