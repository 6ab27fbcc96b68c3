/**
 * The foundation's end-to-end check: on WebGL (SwiftShader) in Chromium, the GVAE trains
 * from the Play button, its plotted loss falls, reconstructions appear, and nothing errs.
 */
import { expect, test } from '@playwright/test';

test('GVAE learns binarized MNIST on WebGL', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });

  const t0 = Date.now();
  await page.goto('./?backend=webgl#v=1&init=scratch');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });

  // The backend is really WebGL (no silent CPU fallback), version 2.
  const backend = await page.evaluate(() => ({ tf: window.latentLab.tfBackend, precision: window.latentLab.precision }));
  expect(backend.tf).toBe('webgl');
  await expect(page.getByTestId('backend-badge')).toContainText('WEBGL');

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 150, null, { timeout: 180_000 });
  const stepsPerSecond = await page.evaluate(() => window.latentLab.stepsPerSecond);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(() => !window.latentLab.playing);
  const { firstStepMs, readyMs, trainReadyMs } = await page.evaluate(() => ({
    firstStepMs: window.latentLab.firstStepMs, readyMs: window.latentLab.readyMs, trainReadyMs: window.latentLab.trainReadyMs,
  }));

  const h = await page.evaluate(() => window.latentLab.history());
  const series = h.terms.negElbo;
  expect(series.length).toBeGreaterThan(100);
  expect(series.every(Number.isFinite)).toBe(true);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const head = mean(series.slice(0, 10));
  const tail = mean(series.slice(-20));
  expect(tail).toBeLessThan(0.8 * head);

  // The chart drew those points, and reconstructions refreshed after training began.
  const plotted = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
  expect(plotted).toBeGreaterThan(100);
  await page.waitForFunction(() => window.latentLab.reconStep > 0);
  await expect(page.getByTestId('term-negElbo')).not.toHaveText('–');

  // Training leaves no tensors behind: the count after more steps equals the count after warm-up.
  const settled = async () => {
    await page.waitForFunction(() => !window.latentLab.playing && window.latentLab.history().steps.length === window.latentLab.step);
    await page.waitForTimeout(1500); // let an in-flight reconstruction or test evaluation finish
    return page.evaluate(() => window.latentLab.numTensors);
  };
  const tensorsBefore = await settled();
  const stepNow = await page.evaluate(() => window.latentLab.step);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((s) => window.latentLab.step >= s + 30, stepNow, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const tensorsAfter = await settled();
  expect(tensorsAfter).toBe(tensorsBefore);
  test.info().annotations.push({
    type: 'measured',
    description: JSON.stringify({ stepsPerSecond, steps: series.length, head, tail, firstStepMs, readyMs, trainReadyMs, loadMs: Date.now() - t0, tensorsBefore, tensorsAfter }),
  });
  await page.screenshot({ path: 'test-results/gvae-webgl.png', fullPage: true });
  expect(errors).toEqual([]);
});
