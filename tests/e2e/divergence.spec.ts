/**
 * Divergence is a lesson, not a crash (issue 8), for the three backprop models in Chromium.
 *
 * With the paper's gradient clipping (radius 5, the default) the backprop models stay finite at
 * every learning rate in the range (tests/unit/divergence-limits.test.ts). With SGD and clipping
 * off, nothing bounds a step (lr × ‖g‖): the link turns clipping off, the model trains finite at the
 * default rate, then the learning-rate slider goes to its maximum while training, live, as a user
 * would. Within a few steps a term is non-finite; training must pause within one readback, the
 * message must name the term and the cause, no NaN may reach the history (the chart), and Reset at
 * a lower rate must train finite again. The same flow as GNCN-PDH's in reliability.spec.ts.
 * Measured figures (failing step, steps queued after it, ms from the slider to the pause) go into
 * the test annotations and the console; none is asserted as a timing.
 */
import { expect, test } from '@playwright/test';
import { allFinite, learningRateSlider, MAX_STEPS_AFTER, maxLearningRateUntilPaused, measure, status } from './lab';


/** The labels of each model's terms (src/core/models/*: TermSpec.label). */
const TERM_LABELS = 'reconstruction \\(BCE\\)|KL to the prior|negative ELBO|regularizer R \\([a-z0-9-]+\\)|objective';

const CASES = [
  { model: 'gvae', backend: 'webgl' },
  { model: 'gvae-cv', backend: 'webgl' },
  { model: 'rae', backend: 'webgl' },
  { model: 'gvae', backend: 'wasm' }, // the WASM path (a training worker, where there is one)
] as const;

for (const { model, backend } of CASES) {
  test(`${model} on ${backend}, SGD with gradient clipping off: the maximum learning rate pauses training with the term and the cause named; Reset at 1e-3 trains finite`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`./?backend=${backend}#v=1&init=scratch&model=${model}&optimizer=sgd&gradClip=off`);
    await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
    expect(await page.evaluate(() => [window.latentLab.tfBackend, window.latentLab.model])).toEqual([backend, model]);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    // At the default rate (1e-3) SGD trains finite without clipping.
    await page.waitForFunction(() => window.latentLab.history().steps.length >= 5, null, { timeout: 120_000 });
    expect(await page.evaluate(() => window.latentLab.pauseReason)).toBeNull();

    const stepAtSwitch = await page.evaluate(() => window.latentLab.step); // read back so far (a lower bound)
    const lrChangeToPauseMs = await maxLearningRateUntilPaused(page);
    const s = await status(page);
    const reason = s.pauseReason ?? '';
    const m = new RegExp(`^Training paused: the (${TERM_LABELS}) term became (NaN|infinite) at step (\\d+)\\.`).exec(reason);
    expect(m, reason).not.toBeNull();
    expect(reason).toContain('learning rate (1.0e+0) is too high');
    expect(reason).toMatch(/gradient clipping off/);
    expect(reason).toMatch(/turn gradient clipping back on/);
    expect(reason).toMatch(/press Reset\.$/);
    await expect(page.getByTestId('pause-reason')).toContainText(m![1]);
    const failedStep = Number(m![3]);
    expect(failedStep).toBeGreaterThan(stepAtSwitch - 1);
    // Paused within one readback of the failing step; nothing from it on reaches the chart.
    const stepsAfter = s.step - 1 - failedStep;
    expect(stepsAfter).toBeGreaterThanOrEqual(0);
    expect(stepsAfter).toBeLessThanOrEqual(MAX_STEPS_AFTER);
    expect(allFinite(s.history.terms)).toBe(true);
    expect(Math.max(...s.history.steps)).toBeLessThan(failedStep);
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => window.latentLab.step)).toBe(s.step); // it stays paused
    expect(await page.evaluate(() => window.latentLab.pauseReason)).toBe(reason);

    // Reset at the default rate (clipping still off): the seed's weights again, training finite.
    await learningRateSlider(page).fill('-3');
    await learningRateSlider(page).blur();
    await page.getByRole('button', { name: 'Reset the model' }).click();
    await page.waitForFunction(() => window.latentLab.step === 0 && window.latentLab.pauseReason === null);
    expect(await page.evaluate(() => location.hash)).toContain('gradClip=off');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForFunction(() => window.latentLab.history().steps.length >= 20, null, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const h = await page.evaluate(() => window.latentLab.history());
    expect(allFinite(h.terms)).toBe(true);
    expect(await page.evaluate(() => window.latentLab.pauseReason)).toBeNull();
    expect(errors).toEqual([]);
    measure(`divergence-${model}-${backend}`, {
      term: m![1], value: m![2], failedStep, stepAtSwitch, stepsAfter, lrChangeToPauseMs,
      stepsPerSecond: Math.round(s.stepsPerSecond), thread: s.trainingThread ?? 'main', message: reason,
    });
  });
}
