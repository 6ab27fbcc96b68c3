/**
 * The page opens onto trained models (issue 6): the default link loads each model's pretrained
 * weights (public/weights, `npm run pretrain`), whose test-set objective is far below a random
 * start's; "Train from scratch" goes to random weights and back; a corrupt weights file is
 * refused by its CRC-32 with a message, and the model still works. Measures the time from
 * navigation to the first trained reconstruction on screen (test-results/pretrained.json).
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const OBJECTIVE: Record<string, string> = { gvae: 'negElbo', 'gvae-cv': 'negElbo', rae: 'loss', 'gncn-pdh': 'bce' };

/** The test-set value of the model's objective once the page has evaluated the current weights. */
async function testObjective(page: import('@playwright/test').Page, key: string): Promise<number> {
  const h = await page.waitForFunction((k) => {
    const e = window.latentLab.testEval;
    return e && Number.isFinite(e.values[k]) ? e.values[k] : null;
  }, key, { timeout: 120_000 });
  return (await h.jsonValue()) as number;
}

test('opens onto pretrained weights for all four models; Train from scratch and back', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('./');
  await page.waitForFunction(() => window.latentLab?.pretrainedMs != null, null, { timeout: 120_000 });
  const timing = await page.evaluate(() => ({
    backend: window.latentLab.tfBackend, firstView: window.latentLab.readyMs, trainedReconstruction: window.latentLab.pretrainedMs,
  }));
  await expect(page.getByTestId('origin')).toContainText('Pretrained in Node');
  const pretrained = await testObjective(page, 'negElbo');

  // Train from scratch: random weights, a much worse test objective
  await page.getByRole('button', { name: 'Train from scratch' }).click();
  await page.waitForFunction(() => window.latentLab.origin === 'scratch' && window.latentLab.testEval === null);
  expect(page.url()).toContain('init=scratch');
  const scratch = await testObjective(page, 'negElbo');
  expect(pretrained).toBeLessThan(0.6 * scratch);
  await page.getByRole('button', { name: 'Load the pretrained model' }).click();
  await page.waitForFunction(() => window.latentLab.origin === 'pretrained');

  const byModel: Record<string, number> = { gvae: pretrained };
  for (const [tab, kind] of [['GVAE-CV', 'gvae-cv'], ['RAE', 'rae'], ['GNCN-PDH', 'gncn-pdh']]) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await page.waitForFunction((k) => window.latentLab.model === k && window.latentLab.origin === 'pretrained', kind, { timeout: 60_000 });
    byModel[kind] = await testObjective(page, OBJECTIVE[kind]);
    expect(byModel[kind]).toBeLessThan(200); // random weights give ~540 nats per image
  }
  // a non-default architecture has no pretrained weights: random start, and the page says why
  await page.goto('./#v=1&model=gvae&hiddenWidth=64');
  await expect(page.getByTestId('origin')).toContainText('Hidden width differs');
  writeFileSync('test-results/pretrained.json', JSON.stringify({ timing, testObjective: { ...byModel, gvaeScratch: scratch } }, null, 1));
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ timing, byModel, scratch }) });
  expect(errors).toEqual([]);
});

test('a corrupt weights file is refused by its checksum; the model starts from random weights', async ({ page }) => {
  await page.route('**/weights/gvae.bin', async (route) => {
    const r = await route.fetch();
    const body = Buffer.from(await r.body());
    body[1000] ^= 0xff;
    await route.fulfill({ response: r, body });
  });
  await page.goto('./?backend=wasm');
  await expect(page.getByTestId('origin')).toContainText('could not be loaded');
  await expect(page.getByTestId('origin')).toContainText('CRC-32');
  await page.waitForFunction(() => window.latentLab.trainReady);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step === 1);
});
