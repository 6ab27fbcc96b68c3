/**
 * Helpers the browser tests share (not a spec: Playwright runs only *.spec.ts).
 */
import { test, type Page } from '@playwright/test';

/** Records a measured figure in the test's annotations (the JSON report) and the console. */
export const measure = (name: string, data: unknown) => {
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ [name]: data }) });
  console.log('measured', name, JSON.stringify(data));
};

/** window.latentLab's fields, with a copy of the loss history. */
export const status = (page: Page) => page.evaluate(() => ({ ...window.latentLab, history: window.latentLab.history() }));

export const allFinite = (terms: Record<string, number[]>) => Object.values(terms).every((v) => v.every(Number.isFinite));

/**
 * Steps queued after the failing one before the readback that sees it pauses training: the session
 * reads back every 10 steps or 400 ms and queues at most 20 unread steps, but steps queue again
 * while a readback is in flight (its steps have left the queue), so the failing step can be the
 * first of 20 read together, with 20 more queued meanwhile: at most 19 + 20. (On SwiftShader, where
 * a step takes 250-500 ms of GPU time, the measured count comes close to that bound.)
 */
export const MAX_STEPS_AFTER = 2 * 20 - 1;

/** The learning-rate slider (log scale: its value is log10 of the rate). */
export const learningRateSlider = (page: Page) => page.getByRole('slider', { name: /Learning rate/ });

/**
 * While training, moves the learning-rate slider to its maximum (1, a live change) and waits for
 * training to pause itself.
 * @returns ms from the key press to the pause
 */
export async function maxLearningRateUntilPaused(page: Page): Promise<number> {
  const lr = learningRateSlider(page);
  const t0 = Date.now();
  await lr.focus();
  await lr.press('End');
  await page.waitForFunction(() => !window.latentLab.playing, null, { timeout: 60_000 });
  return Date.now() - t0;
}
