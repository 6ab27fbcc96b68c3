/**
 * The built page runs under its Content-Security-Policy with no violation: loading, training on
 * WASM and on WebGL, and rendering KaTeX.
 */
import { expect, test } from '@playwright/test';

for (const backend of ['wasm', 'webgl']) {
  test(`no CSP violations while loading, training on ${backend} and rendering the math`, async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`./?backend=${backend}#v=1&hiddenWidth=64`);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const scriptSrc = csp!.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'"); // no inline scripts, no eval
    await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(() => window.latentLab.history().steps.length >= 3);
    await page.getByRole('button', { name: 'Next step', exact: true }).click();
    await expect(page.locator('.katex-mathml').first()).toBeAttached();
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect(violations).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy|CSP/i.test(e))).toEqual([]);
  });
}
