/**
 * `npm run lighthouse`: Lighthouse (the npm package) against the built site, in Debian's
 * Chromium. Assumes `npm run build` has run. Serves the build on a local port (a plain static
 * server), audits accessibility and best practices (performance and SEO for information),
 * saves reports/lighthouse.{html,json,md} and exits 1 if Accessibility or Best Practices < 95.
 *
 * Options: --dist <dir> (default dist), --out <dir> (default reports), --url-suffix <s>
 * (appended to the site's URL, e.g. '?backend=cpu'). CHROME_PATH picks the browser.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from './static-server';

/** The pass mark of the gated categories (0-100). */
const MIN_SCORE = 95;
const GATED = ['accessibility', 'best-practices'];
const CATEGORIES = ['accessibility', 'best-practices', 'performance', 'seo'];

const { values: args } = parseArgs({
  options: { dist: { type: 'string', default: 'dist' }, out: { type: 'string', default: 'reports' }, 'url-suffix': { type: 'string', default: '' } },
});

const server = await serveStatic(args.dist!);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
});
const t0 = performance.now();
let failed: boolean;
try {
  const url = server.url + args['url-suffix'];
  const result = await lighthouse(url, { port: chrome.port, output: ['html', 'json'], onlyCategories: CATEGORIES, logLevel: 'error' });
  if (!result) throw new Error('Lighthouse returned no result');
  const { lhr, report } = result;
  const [html, json] = report as string[];
  mkdirSync(args.out!, { recursive: true });
  writeFileSync(join(args.out!, 'lighthouse.html'), html);
  writeFileSync(join(args.out!, 'lighthouse.json'), json);

  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const lines = [
    '# Lighthouse',
    '',
    `${lhr.lighthouseVersion} on ${lhr.environment.hostUserAgent.match(/(Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, ` +
      `${lhr.configSettings.formFactor} emulation, ${new Date(lhr.fetchTime).toISOString()}. Page: the built site served statically.`,
    '',
    '| Category | Score | Gate |',
    '| --- | ---: | --- |',
    ...CATEGORIES.map((c) => `| ${lhr.categories[c]?.title ?? c} | ${score(c)} | ${GATED.includes(c) ? `>= ${MIN_SCORE}` : 'information'} |`),
    '',
    `Performance (simulated mobile throttling): ${['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'total-byte-weight']
      .map((id) => `${lhr.audits[id]?.title} ${lhr.audits[id]?.displayValue}`).join(' · ')}.`,
    '',
  ];
  for (const c of GATED) {
    const misses = lhr.categories[c].auditRefs
      .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score! < 1)
      .map((r) => `- ${c}: ${lhr.audits[r.id].title} (${r.id})`);
    lines.push(...(misses.length ? misses : [`- ${c}: every weighted audit passes`]));
  }
  writeFileSync(join(args.out!, 'lighthouse.md'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  console.log(`\nReports: ${join(args.out!, 'lighthouse.html')}, .json, .md (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const low = GATED.filter((c) => score(c) < MIN_SCORE);
  if (low.length) console.error(`FAIL: ${low.map((c) => `${c} ${score(c)}`).join(', ')} < ${MIN_SCORE}`);
  failed = low.length > 0;
} finally {
  chrome.kill();
  await server.close();
}
process.exit(failed ? 1 : 0);
