/**
 * Backend choice and bad assets: without ?backend the app avoids software WebGL and says so;
 * a corrupt or missing data file gives a clear message and a working Retry.
 */
import { expect, test } from '@playwright/test';

test('without a request, software-only WebGL is skipped for WASM, with a notice, and WASM trains', async ({ page }) => {
  await page.goto('./');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('wasm');
  await expect(page.getByRole('status').filter({ hasText: 'software-only' })).toBeVisible();
  await expect(page.getByTestId('backend-badge')).toContainText('WASM');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.history().steps.length >= 3);
  const losses = await page.evaluate(() => window.latentLab.losses);
  expect(Object.values(losses!).every(Number.isFinite)).toBe(true);
});

test('a corrupted data file is rejected with a message, and Retry recovers', async ({ page }) => {
  let corrupt = true;
  await page.route('**/data/mnist-test-labels.u8.gz', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    if (corrupt) body[body.length - 12] ^= 0xff; // flip bits inside the gzip stream
    await route.fulfill({ response, body });
  });
  await page.goto('./?backend=cpu');
  await expect(page.getByTestId('load-error')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('load-error')).toContainText(/mnist-test-labels/);
  corrupt = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  await expect(page.getByTestId('load-error')).toHaveCount(0);
});

test('a missing data file names the file and offers Retry', async ({ page }) => {
  await page.route('**/data/mnist-train-images.bits.gz', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./?backend=cpu');
  await expect(page.getByTestId('load-error')).toContainText(/mnist-train-images.*404/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});
