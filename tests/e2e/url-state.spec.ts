/**
 * A link reproduces the settings; discrete changes push history (Back works); junk in the hash
 * never breaks the page or runs anything.
 */
import { expect, test } from '@playwright/test';

test('a link opens its model and settings; a tab switch pushes history and Back returns', async ({ page }) => {
  await page.goto('./?backend=cpu#v=1&model=rae&seed=7&lambda=0.01&regularizer=ghosh');
  await page.waitForFunction(() => window.latentLab?.ready === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.model)).toBe('rae');
  await expect(page.getByRole('tab', { name: 'RAE', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel(/Regularizer R/)).toHaveValue('ghosh');
  await page.getByRole('tab', { name: 'GVAE-CV', exact: true }).click();
  await page.waitForFunction(() => window.latentLab.model === 'gvae-cv');
  expect(page.url()).toContain('model=gvae-cv');
  expect(page.url()).toContain('seed=7');
  await page.goBack();
  await page.waitForFunction(() => window.latentLab.model === 'rae');
  expect(page.url()).toContain('lambda=0.01');
});

test('a link opens the study section, derivation step and mask; steps and tabs push history, slider drags replace it', async ({ page }) => {
  await page.goto('./?backend=cpu#v=1&model=gvae&hiddenWidth=64&derivation=logpx&derivationStep=3&mask=random&maskFraction=0.3&maskSeed=5');
  await page.waitForFunction(() => window.latentLab?.ready === true, null, { timeout: 120_000 });
  const derivation = page.getByTestId('derivation');
  await expect(derivation.getByRole('button', { name: 'log p(x) estimate' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('derivation-step')).toHaveText(/^Step 3 of \d+$/);
  await expect(page.getByRole('button', { name: 'Random pixels' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('mask-description')).toContainText('fraction 0.3, seed 5');
  const fraction = page.getByRole('slider', { name: 'Masked fraction' });
  await expect(fraction).toHaveValue('0.3');

  const length = () => page.evaluate(() => history.length);
  const n0 = await length();
  await derivation.getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('derivation-step')).toHaveText(/^Step 4 of/);
  await expect(page).toHaveURL(/derivationStep=4/);
  expect(await length()).toBe(n0 + 1); // a discrete change: a new entry

  await fraction.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/maskFraction=0.4(&|$)/);
  await expect(page.getByTestId('mask-description')).toContainText('fraction 0.4');
  expect(await length()).toBe(n0 + 1); // slider moves replace the entry

  await page.getByRole('tab', { name: 'Interview questions' }).click();
  await expect(page).toHaveURL(/study=interview/);
  expect(await length()).toBe(n0 + 2);
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Derivation' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('derivation-step')).toHaveText(/^Step 4 of/);
  await expect(fraction).toHaveValue('0.4');
  await page.goBack();
  await expect(page.getByTestId('derivation-step')).toHaveText(/^Step 3 of/);
  expect(await page.evaluate(() => window.latentLab.model)).toBe('gvae');
});

test('500 generated junk hashes leave a working page with valid settings and run nothing', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto('./?backend=wasm');
  await page.waitForFunction(() => window.latentLab?.ready === true, null, { timeout: 120_000 });
  const pieces = ['model=', 'seed=', 'learningRate=', 'sigma2=', 'v=', '__proto__=', '<script>alert(1)</script>', '%', '%E0%A4%A',
    'NaN', '1e309', '-1e309', 'javascript:alert(1)', '"><img src=x onerror=alert(1)>', 'constructor=', '&&&', '=', '#', '\u202e'];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const hashes: string[] = [];
  for (let i = 0; i < 500; i++) {
    const n = 1 + Math.floor(rand() * 8);
    let h = '';
    for (let j = 0; j < n; j++) h += pieces[Math.floor(rand() * pieces.length)] + (rand() < 0.5 ? String(rand() * 1e6) : '') + '&';
    if (i % 100 === 7) h = 'x'.repeat(100_000); // 100 KB of junk
    hashes.push(h);
  }
  for (const h of hashes) {
    await page.evaluate((hash) => { location.hash = hash; }, h);
  }
  await page.waitForTimeout(500);
  const model = await page.evaluate(() => window.latentLab.model);
  expect(['gvae', 'gvae-cv', 'rae', 'gncn-pdh']).toContain(model);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.body.innerHTML.includes('<script>alert'))).toBe(false);
  expect(errors).toEqual([]);
});
