/**
 * Page behaviour under stress: 16-bit float WebGL (a stand-in for phone GPUs) is detected and
 * named; a divergence names the term and offers a reset; a hidden tab pauses training.
 */
import { expect, test } from '@playwright/test';

test('16-bit float WebGL is detected and named; a NaN pauses with the term named and Reset recovers', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?backend=webgl&tfjsflags=WEBGL_FORCE_F16_TEXTURES:true#v=1&model=gvae&hiddenWidth=64&batchSize=32&stepsPerFrame=5');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('webgl');
  expect(await page.evaluate(() => window.latentLab.precision)).toBe('float16');
  await expect(page.getByTestId('backend-badge')).toContainText('float16');
  await expect(page.getByRole('status').filter({ hasText: '16-bit floats' })).toBeVisible();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Either it trains 300 finite steps, or a non-finite term pauses it with the term named.
  await page.waitForFunction(() => window.latentLab.step >= 300 || window.latentLab.pauseReason !== null, null, { timeout: 240_000 });
  const { pauseReason, history } = await page.evaluate(() => ({ pauseReason: window.latentLab.pauseReason, history: window.latentLab.history() }));
  for (const values of Object.values(history.terms)) expect(values.every(Number.isFinite)).toBe(true); // no NaN reaches a plot
  if (pauseReason !== null) {
    expect(pauseReason).toMatch(/term became (NaN|infinite) at step \d+.*16-bit floats/);
    await page.getByRole('button', { name: 'Reset the model' }).click();
    await page.waitForFunction(() => window.latentLab.step === 0 && window.latentLab.pauseReason === null);
  }
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ steps: history.steps.length, pauseReason }) });
});

test('a hidden tab pauses training and says so', async ({ page }) => {
  await page.goto('./?backend=wasm#v=1&model=gvae&hiddenWidth=64');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step > 3);
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction(() => !window.latentLab.playing);
  await expect(page.getByTestId('pause-reason')).toContainText('hidden');
});
