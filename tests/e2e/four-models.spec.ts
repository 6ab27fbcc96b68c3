/**
 * Issue 3 in the browser: each of the four models trains on WebGL (SwiftShader) from the same
 * controls, reports its own named terms, and its objective is finite and falls.
 */
import { expect, test } from '@playwright/test';

const MODELS = [
  { tab: 'GVAE', kind: 'gvae', objective: 'negElbo', terms: ['recon', 'kl', 'negElbo'] },
  { tab: 'GVAE-CV', kind: 'gvae-cv', objective: 'negElbo', terms: ['recon', 'kl', 'negElbo'] },
  { tab: 'RAE', kind: 'rae', objective: 'loss', terms: ['recon', 'reg', 'loss'] },
  { tab: 'GNCN-PDH', kind: 'gncn-pdh', objective: 'energy', terms: ['e0', 'e1', 'e2', 'energy', 'bce'] },
];

test('all four models train on WebGL with finite, falling objectives', async ({ page }) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('./?backend=webgl#v=1&init=scratch');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('webgl');
  const measured: Record<string, unknown> = {};
  for (const m of MODELS) {
    await page.getByRole('tab', { name: m.tab, exact: true }).click();
    await page.waitForFunction((k) => window.latentLab.model === k && window.latentLab.step === 0, m.kind);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => window.latentLab.history().steps.length >= 30, null, { timeout: 240_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const seconds = (Date.now() - t0) / 1000;
    const h = await page.evaluate(() => window.latentLab.history());
    expect(Object.keys(h.terms).sort()).toEqual([...m.terms].sort());
    const series = h.terms[m.objective];
    expect(series.every(Number.isFinite)).toBe(true);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const head = mean(series.slice(0, 5));
    const tail = mean(series.slice(-5));
    expect(tail).toBeLessThan(head);
    measured[m.kind] = { steps: series.length, seconds, head, tail };
    await page.screenshot({ path: `test-results/model-${m.kind}.png`, fullPage: true });
  }
  test.info().annotations.push({ type: 'measured', description: JSON.stringify(measured) });
  expect(errors).toEqual([]);
});
