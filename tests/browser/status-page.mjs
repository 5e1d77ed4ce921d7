#!/usr/bin/env node
// Drives the gateway's status page in Debian's chromium (playwright-core from tests/node_modules, no browser download)
// through a silo crash, talking with the xunit test that owns the silos over stdin/stdout:
//   prints  "ready"                  iris is healthy, every replica healthy, one per zone (screenshot ready.png)
//   reads   "killed <silo port>"     the test killed the silo on that Orleans port
//   prints  "unhealthy <health> <replica>"   a replica of that silo is shown unhealthy (screenshot unhealthy.png)
//   prints  "recovered"              every replica healthy again, none left on that silo (screenshot status-page.png)
// With --hostile <text> (markup the test put into an event through the API) it also waits for that event and checks the
// text is shown as text: no element of it exists and none of its script ran.
// Also fails on any Content-Security-Policy violation or uncaught page error. Exit code 0 only when all of that held.
//
// Usage: node status-page.mjs --url http://127.0.0.1:8080 --screenshots <folder> [--replicas 3] [--timeout-ms 60000]
//          [--chromium /usr/bin/chromium]

import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    screenshots: { type: 'string' },
    replicas: { type: 'string', default: '3' },
    hostile: { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

if (!args.url || !args.screenshots) {
  console.error('usage: node status-page.mjs --url <gateway> --screenshots <folder>');
  process.exit(2);
}

if (!existsSync(args.chromium)) {
  console.error(`no chromium at ${args.chromium}: install Debian's chromium (apt-get install -y chromium; tests/run.sh does) or pass --chromium`);
  process.exit(2);
}

const timeout = Number(args['timeout-ms']);
const replicas = Number(args.replicas);
const stdin = createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const problems = [];

const browser = await chromium.launch({ executablePath: args.chromium, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  await page.goto(new URL('/status?interval=500', args.url).toString());

  // Ready: the card says healthy and shows every replica healthy, one per zone (replicas can start on one silo and
  // the supervisor spreads them a round at a time; the killed silo must hold one).
  await page.waitForFunction(count => {
    const card = document.querySelector('article[data-model="iris"]');
    const zones = [...(card?.querySelectorAll('.zone') ?? [])].filter(z => z.querySelector('.replica[data-health="healthy"]'));
    return card?.dataset.status === 'healthy' && card.querySelectorAll('.replica[data-health="healthy"]').length === count
      && zones.length === count;
  }, replicas, { timeout, polling: 'raf' });
  if (args.hostile) {
    await page.waitForFunction(text => [...document.querySelectorAll('#events td')].some(td => td.textContent.includes(text)),
      args.hostile, { timeout, polling: 'raf' });
    const injected = await page.evaluate(() => ({ elements: document.querySelectorAll('main img, main script').length, ran: window.__pwned }));
    if (injected.elements > 0 || injected.ran !== undefined) {
      problems.push(`hostile event text became markup: ${injected.elements} element(s), script ran: ${injected.ran}`);
    }
  }
  await check(page);
  await page.screenshot({ path: join(args.screenshots, 'ready.png'), fullPage: true });
  console.log('ready');

  const { value: command } = await lines.next();
  const port = /^killed (\d+)$/.exec(command ?? '')?.[1];
  if (!port) { throw new Error(`expected "killed <silo port>" on stdin, got ${JSON.stringify(command)}`); }
  const onVictim = `:${port}(?::|\\b)`;

  // The crash: a replica of the killed silo is shown unreachable (probe failed) or lost (declared dead). Membership can
  // declare the silo dead and the supervisor replace the replica within one poll of the page, so the state may never be
  // rendered on the replica itself; the event list then shows it (ReplicaUnhealthy or ReplicaLost naming that silo).
  const seen = await page.waitForFunction(pattern => {
    const victim = new RegExp(pattern);
    const chip = [...document.querySelectorAll('article[data-model="iris"] .replica')]
      .find(r => r.dataset.health !== 'healthy' && victim.test(r.dataset.silo ?? ''));
    if (chip) { return `${chip.dataset.health} ${chip.dataset.replica}`; }
    const event = [...document.querySelectorAll('#events tr[data-kind="ReplicaUnhealthy"], #events tr[data-kind="ReplicaLost"]')]
      .find(tr => victim.test(tr.cells[5]?.textContent ?? ''));
    return event ? `${event.dataset.kind === 'ReplicaLost' ? 'lost' : 'unreachable'} ${event.cells[3].textContent} (event)` : null;
  }, onVictim, { timeout, polling: 'raf' });
  await page.screenshot({ path: join(args.screenshots, 'unhealthy.png'), fullPage: true });
  console.log(`unhealthy ${await seen.jsonValue()}`);

  // Replaced: every replica healthy again, none on the dead silo, and the loss in the event list.
  await page.waitForFunction(({ pattern, count }) => {
    const victim = new RegExp(pattern);
    const card = document.querySelector('article[data-model="iris"]');
    const chips = card ? [...card.querySelectorAll('.replica')] : [];
    return card?.dataset.status === 'healthy' && chips.length === count
      && chips.every(r => r.dataset.health === 'healthy' && !victim.test(r.dataset.silo ?? ''))
      && document.querySelector('#events tr[data-kind="ReplicaLost"]') !== null;
  }, { pattern: onVictim, count: replicas }, { timeout, polling: 'raf' });
  await check(page);
  await page.screenshot({ path: join(args.screenshots, 'status-page.png'), fullPage: true });
  console.log('recovered');
} catch (error) {
  console.error(error.stack ?? String(error));
  process.exitCode = 1;
  // What the page showed when it failed: a screenshot, and its replicas and events as text for the test log.
  const [page] = browser.contexts().flatMap(c => c.pages());
  if (page) {
    await page.screenshot({ path: join(args.screenshots, 'failure.png'), fullPage: true }).catch(() => {});
    const shown = await page.evaluate(() => [...document.querySelectorAll('.replica, #events tr, #problem')]
      .map(e => e.innerText.replace(/\s+/g, ' '))).catch(() => []);
    for (const line of shown) { console.error(`page: ${line}`); }
  }
} finally {
  // An open stdin would keep node alive after the last step.
  stdin.close();
  await browser.close();
}

async function check(page) {
  problems.push(...(await page.evaluate(() => window.__csp)).map(v => `CSP violation: ${v}`));
  if (problems.length > 0) { throw new Error(problems.join('\n')); }
}
