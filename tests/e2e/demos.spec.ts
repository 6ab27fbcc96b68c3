/**
 * The demos on WASM: after ~30 GVAE steps the latent plot draws 1,000 codes, the masked demo
 * shows an M-MSE, the drawing pad reconstructs a stroke (and stars it in the latent plot);
 * on GNCN-PDH the settling scrubber moves the frame. Screenshots at 1280 and 375 px.
 */
import { expect, test, type Page } from '@playwright/test';

/** Non-white pixels of a canvas (it really drew something). */
const inked = (page: Page, testId: string) => page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
  const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++;
  return n;
});
const ms = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-ms'));

/** Draws one stroke, a "7", on the drawing pad. @returns the pad's canvas */
async function drawSeven(page: Page) {
  const pad = page.getByTestId('pad-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const P = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...P(0.3, 0.25));
  await page.mouse.down();
  for (const [fx, fy] of [[0.5, 0.25], [0.7, 0.25], [0.6, 0.5], [0.5, 0.75]]) await page.mouse.move(...P(fx, fy), { steps: 6 });
  await page.mouse.up();
  return pad;
}

test('demos: latent space, masked completion, drawing pad, GNCN-PDH settling', async ({ page }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto('./?backend=wasm#v=1&model=gvae&hiddenWidth=64');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 30, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(() => !window.latentLab.playing);
  const stepAfterTraining = await page.evaluate(() => window.latentLab.step);

  // Latent space: 1,000 codes drawn, PCA variance fractions in the summary.
  const latent = page.getByTestId('latent-canvas');
  await latent.scrollIntoViewIfNeeded();
  await expect(latent).toHaveAttribute('data-points', '1000');
  await expect(latent).toHaveAttribute('aria-label', /1,000 test codes .* PCA explains \d+% and \d+% of the variance; hollow circles: 300 prior samples/);
  expect(await inked(page, 'latent-canvas')).toBeGreaterThan(2000);
  // A refresh after the pause (historyVersion moved) is the trained model's.
  await page.waitForTimeout(2500);
  const latentMs = await ms(page, 'latent-space');
  const pcaMs = Number(await page.getByTestId('latent-space').getAttribute('data-pca-ms'));

  // Masked demo: the paper's mask by default, an M-MSE number, the method named.
  const masked = page.getByTestId('masked-demo');
  await masked.scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: 'Right half (paper)' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('mmse-value')).toHaveText(/^\d+\.\d\d$/);
  await expect(page.getByTestId('completion-method')).toContainText('encode the masked input, decode');
  const mmseRight = Number(await page.getByTestId('mmse-value').textContent());
  expect(mmseRight).toBeGreaterThan(0);
  expect(mmseRight).toBeLessThanOrEqual(392); // at most 1 per masked pixel
  const maskedMs = await ms(page, 'masked-demo');
  await page.getByRole('button', { name: 'Bottom half' }).click();
  await expect(page.getByTestId('mask-description')).toContainText('rows 14-27');
  await expect(page.getByTestId('mmse-value')).not.toHaveText(String(mmseRight.toFixed(2)));

  // Drawing pad: a stroke (a "7"), then a reconstruction and a star in the latent plot.
  const pad = await drawSeven(page);
  await expect(pad).toHaveAttribute('aria-label', /[1-9]\d* pixels inked/);
  await expect(page.getByTestId('pad-status')).toContainText('Reconstructed');
  expect(await inked(page, 'pad-recon')).toBeGreaterThan(100);
  await expect(latent).toHaveAttribute('aria-label', /star: your drawing at/);
  const padMs = await ms(page, 'draw-pad');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByTestId('demos').screenshot({ path: 'test-results/demos-gvae-1280.png' });

  // Rate-distortion: changing β keeps the point of the value left; training on adds the live point.
  await page.goto('./?backend=wasm#v=1&model=gvae&hiddenWidth=64&klWeight=2');
  const rd = page.getByTestId('rate-distortion').locator('svg');
  await expect(rd).toHaveAttribute('aria-label', /β = 1\.00: rate \d+\.\d+, distortion \d+\.\d nats per image/);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((s) => window.latentLab.step >= s + 40, stepAfterTraining, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(rd).toHaveAttribute('data-points', '2');
  await expect(rd).toHaveAttribute('aria-label', /β = 2\.00 \(now\)/);

  // RAE: no prior; the ex-post GMM is fitted on request and then drives the samples.
  await page.goto('./?backend=wasm#v=1&model=rae&hiddenWidth=64');
  await page.waitForFunction(() => window.latentLab.model === 'rae');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 30, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // The samples refresh only while on screen (use-live-query.ts): bring them into view.
  await page.getByTestId('samples').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('samples-source')).toContainText('No code density fitted');
  await page.getByRole('button', { name: /Fit ex-post GMM/ }).click();
  await expect(page.getByTestId('gmm-status')).toContainText('10-component full-covariance GMM');
  await expect(page.getByTestId('samples-source')).toContainText('10-component');
  await expect(latent).toHaveAttribute('aria-label', /hollow circles: 300 samples of the fitted GMM/);
  await page.getByTestId('demos').screenshot({ path: 'test-results/demos-rae-1280.png' });

  // GNCN-PDH: the settling scrubber changes the frame.
  await page.goto('./?backend=wasm#v=1&model=gncn-pdh&layerWidth=48&topColumnSize=2&settlingSteps=10');
  await page.waitForFunction(() => window.latentLab.model === 'gncn-pdh' && window.latentLab.trainReady);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 20, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByTestId('masked-demo').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('completion-method')).toContainText('Eq. 19 settling');
  const scrubber = page.getByTestId('settling-scrubber');
  await expect(scrubber).toHaveAttribute('max', '10');
  await expect(page.getByTestId('settling-frame')).toHaveAttribute('data-step', '10');
  const frameAt = () => page.getByTestId('settling-frame').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const last = await frameAt();
  await scrubber.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('settling-frame')).toHaveAttribute('data-step', '1');
  expect(await frameAt()).not.toBe(last);
  await expect(page.getByTestId('energy-chart')).toHaveAttribute('aria-label', /after step 1 of 10: e⁰ \(pixels\) \d/);
  const gncnMaskedMs = await ms(page, 'masked-demo');
  // The demos' queries leave no tensors behind: re-run completion, settling and sampling, compare counts.
  const idleTensors = async () => {
    await page.waitForTimeout(1500);
    return page.evaluate(() => window.latentLab.numTensors);
  };
  const tensorsBefore = await idleTensors();
  await page.getByRole('button', { name: 'Right half (paper)' }).click();
  await expect(page.getByTestId('mask-description')).toContainText('columns 14-27');
  await page.getByRole('button', { name: 'New samples' }).click();
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  const tensorsAfter = await idleTensors();
  expect(tensorsAfter).toBe(tensorsBefore);
  await page.getByTestId('latent-canvas').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('latent-canvas')).toHaveAttribute('data-points', '1000');
  const gncnLatentMs = await ms(page, 'latent-space');
  await page.getByTestId('demos').screenshot({ path: 'test-results/demos-gncn-1280.png' });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(500);
  const overflow = await page.getByTestId('demos').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.getByTestId('demos').screenshot({ path: 'test-results/demos-gncn-375.png' });

  test.info().annotations.push({
    type: 'measured',
    description: JSON.stringify({ backend: 'wasm', stepAfterTraining, tensorsBefore, tensorsAfter, latentMs, pcaMs, maskedMs, padMs, gncnMaskedMs, gncnLatentMs }),
  });
  console.log('measured', { latentMs, pcaMs, maskedMs, padMs, gncnMaskedMs, gncnLatentMs });
  expect(errors).toEqual([]);
});

/** Live tensors once the page has been idle for a moment (queries in flight have finished). */
const idleTensors = async (page: Page, ms = 1500) => {
  await page.waitForTimeout(ms);
  return page.evaluate(() => window.latentLab.numTensors);
};

/** Mean ink (0 white .. 1 black) of each tile of a manifold canvas (12 x 12 tiles right of a 46 px axis). */
const tileInk = (page: Page) => page.getByTestId('manifold-canvas').evaluate((c: HTMLCanvasElement) => {
  const ctx = c.getContext('2d')!;
  const dpr = c.width / parseFloat(c.style.width);
  const side = (c.width - (46 + 8) * dpr) / 12;
  const out: number[] = [];
  for (let r = 0; r < 12; r++) {
    for (let k = 0; k < 12; k++) {
      const d = ctx.getImageData(Math.round(46 * dpr + k * side), Math.round(6 * dpr + r * side), Math.floor(side), Math.floor(side)).data;
      let s = 0;
      for (let i = 0; i < d.length; i += 4) s += 1 - d[i] / 255;
      out.push(s / (d.length / 4));
    }
  }
  return out;
});

test('latent size 2: the decoded latent grid at prior quantiles (GVAE) and over the code range (RAE)', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('./?backend=wasm#v=1&model=gvae&hiddenWidth=64&latentDim=2');
  await page.waitForFunction(() => window.latentLab?.trainReady === true && window.latentLab.model === 'gvae', null, { timeout: 60_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('wasm');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 60, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const grid = page.getByTestId('manifold-canvas');
  await grid.scrollIntoViewIfNeeded();
  await expect(grid).toHaveAttribute('data-tiles', '144');
  // Prior quantiles: Φ⁻¹(1/24) = -1.73 and Φ⁻¹(23/24) = 1.73 on both axes.
  await expect(grid).toHaveAttribute('aria-label', /z₁ from -1\.73 to 1\.73 left to right, z₂ from -1\.73 to 1\.73/);
  await expect(page.getByTestId('latent-canvas')).toHaveAttribute('aria-label', /on their own axes z₁ and z₂/);
  await page.waitForTimeout(2500); // the refresh after the pause
  const ink = await tileInk(page);
  expect(ink.length).toBe(144);
  // A trained decoder draws digits that differ across the plane: the tiles' ink is not uniform.
  const mean = ink.reduce((a, b) => a + b, 0) / ink.length;
  const sd = Math.sqrt(ink.reduce((a, b) => a + (b - mean) ** 2, 0) / ink.length);
  expect(mean).toBeGreaterThan(0.03); // drawn at all
  expect(mean).toBeLessThan(0.4); // an untrained decoder gives sigmoid(≈ 0) = 0.5 everywhere
  expect(sd).toBeGreaterThan(0.01);
  // Re-running the grid's query (a Step, then the paused refresh) leaves no tensor behind.
  const before = await idleTensors(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.history().steps.length >= 61);
  expect(await idleTensors(page, 2500)).toBe(before);
  const gvaeMs = Number(await page.getByTestId('manifold').getAttribute('data-ms'));
  await page.getByTestId('manifold').screenshot({ path: 'test-results/manifold-gvae-1280.png' });

  // RAE (J = 2 carries over): no prior, so the grid spans its codes' range.
  await page.getByRole('tab', { name: 'RAE', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.model === 'rae');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step >= 60, null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await grid.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('manifold')).toContainText('range of its codes');
  await expect(grid).toHaveAttribute('aria-label', /z₁ from -?\d+\.\d\d to -?\d+\.\d\d left to right/);
  await page.getByTestId('manifold').screenshot({ path: 'test-results/manifold-rae-1280.png' });

  // Back to J = 20: the card offers J = 2 instead of a grid.
  await page.evaluate(() => { location.hash = location.hash.replace('latentDim=2', 'latentDim=20'); });
  await expect(page.getByRole('button', { name: /Set J = 2/ })).toBeVisible();
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ gvaeManifoldMs: gvaeMs, inkMean: mean, inkSd: sd }) });
  expect(errors).toEqual([]);
});

test('side by side: the four models in lockstep, then σ² = 0.1 vs 1 on GVAE-CV; no tensors left behind', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('./?backend=wasm#v=1&model=gvae&hiddenWidth=64&layerWidth=48&topColumnSize=2&settlingSteps=10');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 60_000 });
  const compare = page.getByTestId('compare');
  const status = page.getByTestId('compare-status');
  // One step of the live model first: its optimizer state exists from then on (the baseline).
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.step === 1);
  const start = await idleTensors(page);

  // A drawing first: each model's latent space stars it.
  await drawSeven(page);
  await expect(page.getByTestId('pad-status')).toContainText('Reconstructed');
  const withDrawing = await idleTensors(page);
  expect(withDrawing).toBe(start);

  await compare.scrollIntoViewIfNeeded();
  await compare.getByRole('button', { name: 'Play side by side' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=compare-status]')!.getAttribute('data-step')) >= 20, null, { timeout: 60_000 });
  // The live model does not train meanwhile; pressing its Play pauses the side-by-side run.
  expect(await page.evaluate(() => window.latentLab.step)).toBe(1);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(status).toHaveAttribute('data-playing', 'false');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(() => !window.latentLab.playing);
  const steps = Number(await status.getAttribute('data-step'));
  for (let a = 0; a < 4; a++) {
    const row = page.getByTestId(`arm-${a}`);
    await row.scrollIntoViewIfNeeded();
    await expect(page.getByTestId(`arm-${a}-what`)).toContainText(`${steps} steps of 64 images`);
    await expect(page.getByTestId(`arm-${a}-mmse`)).toHaveText(/^\d+\.\d\d$/);
    await expect(page.getByTestId(`arm-${a}-latent`)).toHaveAttribute('aria-label', /star: your drawing at/);
  }
  const mmse = await Promise.all([0, 1, 2, 3].map(async (a) => Number(await page.getByTestId(`arm-${a}-mmse`).textContent())));
  mmse.forEach((v) => { expect(v).toBeGreaterThan(0); expect(v).toBeLessThanOrEqual(392); });
  await expect(page.getByTestId('arm-3-what')).toContainText('GNCN-PDH, 784-48-48-40, K = 10');
  await expect(page.getByTestId('compare-chart-recon')).toHaveAttribute('aria-label', /GNCN-PDH \d+\.\d\d nats per image/);
  await page.setViewportSize({ width: 1280, height: 2400 });
  await page.waitForTimeout(2500);
  await compare.screenshot({ path: 'test-results/compare-lineup-1280.png' });
  await page.setViewportSize({ width: 1280, height: 900 });
  const lineupMs = await Promise.all([0, 3].map(async (a) => Number(await page.getByTestId(`arm-${a}`).getAttribute('data-latent-ms'))));
  await compare.getByRole('button', { name: 'Reset side by side' }).click();
  expect(await idleTensors(page)).toBe(start);

  // Two settings of one model: GVAE-CV at σ² = 0.1 and 1 (the default comparison).
  await compare.getByRole('tab', { name: 'Two settings of one model' }).click();
  await expect(compare.getByLabel('Setting to compare')).toHaveValue('sigma2');
  await compare.getByRole('button', { name: 'Play side by side' }).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=compare-status]')!.getAttribute('data-step')) >= 40, null, { timeout: 60_000 });
  await compare.getByRole('button', { name: 'Pause side by side' }).click();
  await expect(status).toHaveAttribute('data-playing', 'false');
  const kl = page.getByTestId('compare-chart-kl');
  // The KL of σ² = 0.1 carries the constant 10 (σ² − 1 − ln σ²) = 14.0 nats that σ² = 1 does not.
  const label = (await kl.getAttribute('aria-label'))!;
  const [klA, klB] = [/σ² = 0\.1 (\d+\.\d+)/, /σ² = 1 (\d+\.\d+)/].map((re) => Number(re.exec(label)![1]));
  expect(klA).toBeGreaterThan(klB);
  const n = Number(await status.getAttribute('data-step'));
  await expect(kl).toHaveAttribute('data-points', String(n));
  for (const a of [0, 1]) {
    await page.getByTestId(`arm-${a}`).scrollIntoViewIfNeeded();
    await expect(page.getByTestId(`arm-${a}-what`)).toContainText(`GVAE-CV, 20-d code, hidden 64, 112,164 parameters; ${n} steps`);
  }
  await page.setViewportSize({ width: 1280, height: 2000 });
  await page.waitForTimeout(2500);
  await compare.screenshot({ path: 'test-results/compare-sigma2-1280.png' });
  await compare.getByRole('button', { name: 'Reset side by side' }).click();
  expect(await idleTensors(page)).toBe(start);
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ lineupSteps: steps, mmse, lineupLatentMs: lineupMs, klA, klB }) });
  expect(errors).toEqual([]);
});
