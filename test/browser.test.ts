// The web UI in a real browser (Debian's chromium through playwright-core) against a real viewer
// over a real store: the sample traffic of the quick start, plus one Arkime corpus capture whose
// session count Arkime's own tests state. Screenshots of every page go to build/screenshots/.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { scratchDir } from './helpers/ingest.js';
import { corpusOrSkip } from './helpers/corpus.js';
import { haveTshark } from './helpers/tshark.js';
import { browserMissing, launch, logIn, shot } from './helpers/browser.js';
import { weir, serve, type Served } from './helpers/cli.js';
import { writeApiTraffic } from './helpers/api-traffic.js';

const missing = browserMissing();
if (missing) console.log(`\n*** SKIPPING the browser suite: ${missing} ***\n`);

describe('web UI in chromium', { skip: missing ?? false, timeout: 300_000 }, () => {
  const scratch = scratchDir('weir-ui-');
  let served: Served;
  let ADMIN: string;
  let base: string;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let socks: string | null = null;

  // The quick start's way: sample traffic imported with the CLI, a user added with the CLI, and
  // `weir serve` started fresh, printing the admin password the test then logs in with.
  before(async () => {
    const db = join(scratch.dir, 'weir.duckdb');
    const sample = join(scratch.dir, 'sample.pcap');
    assert.equal(weir(['sample', '-o', sample]).status, 0);
    const arkime = corpusOrSkip('arkime');
    if (arkime) socks = join(arkime, 'socks-https-example.pcap');
    const imported = weir(['import', '--db', db, '--node', 'test', '--flush', '--quiet', sample, ...(socks ? [socks] : [])]);
    assert.equal(imported.status, 0, imported.stderr);
    const added = weir(['user', 'add', 'vic', '--role', 'viewer', '--password-stdin', '--db', db], { input: 'vic-viewer-pw\n' });
    assert.equal(added.status, 0, added.stderr);
    served = await serve(db, { WEIR_ADMIN_PASSWORD: '' });
    assert.ok(served.password, 'weir serve printed the admin password');
    ADMIN = served.password!;
    base = served.base;
    browser = await launch();
    ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    page = await ctx.newPage();
  });
  after(async () => {
    await browser?.close();
    served?.stop();
    scratch.cleanup();
  });

  const count = async () => {
    const text = await page.locator('[data-test=count]').textContent({ timeout: 10_000 });
    return Number(/^([\d,]+) of/.exec(text ?? '')?.[1].replace(/,/g, '') ?? NaN);
  };
  /** Runs `act` and waits for the sessions search it causes to be answered and shown. */
  const searched = async (act: () => Promise<unknown>) => {
    const answered = page.waitForResponse((r) => r.url().includes('/api/sessions?'));
    await act();
    await answered;
    await page.waitForTimeout(100);
  };
  const apiCount = async (expression: string) => {
    const r = await page.request.get(`${base}/api/sessions?date=-1&length=0&expression=${encodeURIComponent(expression)}`);
    return (await r.json()).recordsFiltered as number;
  };

  test('a deep link while logged out goes to the login form, then lands filtered', async () => {
    await page.goto(`${base}/sessions?expression=${encodeURIComponent('port.dst == 53')}&date=-1`);
    await page.waitForURL(/\/login\?next=/);
    await shot(page, 'login');
    await logIn(page, 'admin', ADMIN);
    await page.waitForURL(/\/sessions\?expression=port\.dst/);
    await page.locator('[data-test=session-row]').first().waitFor();
    assert.equal(await count(), await apiCount('port.dst == 53'));
    assert.ok((await count()) > 10);
  });

  test('a query typed into the bar: the row count of a corpus file is Arkime\'s', async () => {
    const typed = socks ? `file == "${socks}"` : 'protocols == http';
    const bar = page.locator('[data-test=query] .cm-content');
    await bar.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(typed);
    // Enter would take an open completion (as in Arkime's bar); the Search button always searches.
    await searched(() => page.locator('[data-test=search]').click());
    assert.equal(new URL(page.url()).searchParams.get('expression'), typed);
    await page.locator('[data-test=session-row]').first().waitFor();
    // Arkime's api tests: file=<PCAPDIR>/socks-https-example.pcap selects 3 sessions.
    assert.equal(await count(), socks ? 3 : await apiCount(typed));
    await shot(page, 'sessions');
    // Dragging across the histogram narrows the time range to the dragged span.
    await page.goto(`${base}/sessions?date=-1&expression=${encodeURIComponent('port.dst == 53')}`);
    const chart = page.locator('[data-test=histogram] canvas').first();
    await chart.waitFor();
    const box = (await chart.boundingBox())!;
    await searched(async () => {
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
      await page.mouse.up();
    });
    const url = new URL(page.url());
    assert.ok(url.searchParams.get('startTime') && url.searchParams.get('stopTime'), `zoomed: ${url.search}`);
    assert.equal(url.searchParams.get('date'), null);
    const zoomed = await page.request.get(`${base}/api/sessions?length=0&${url.searchParams}`);
    assert.equal(await count(), (await zoomed.json()).recordsFiltered);
    assert.ok((await count()) < (await apiCount('port.dst == 53')), 'the range narrowed the sessions');
  });

  test('a session opens with its SPI and packets; a value click refines the query', async () => {
    await page.goto(`${base}/sessions?date=-1&expression=${encodeURIComponent('protocols == http')}`);
    await page.locator('[data-test=session-row]').first().click();
    const detail = page.locator('[data-test=detail]');
    await detail.locator('[data-field="host.http"]').first().waitFor();
    const host = await detail.locator('[data-field="host.http"]').first().textContent();
    const recorded = Number(await detail.locator('[data-field="packets"]').first().textContent());
    assert.ok(recorded >= 4);
    await page.locator('[data-test=packets-tab]').click();
    await page.locator('[data-test=packet]').first().waitFor();
    assert.ok((await page.locator('[data-test=packet]').count()) > 3);
    assert.match((await page.locator('[data-test=payload]').first().textContent()) ?? '', /^GET \//);
    await shot(page, 'session-packets');
    // The PCAP download is a capture tshark reads, with the session's packets.
    const dl = page.waitForEvent('download');
    await page.locator('[data-test=session-pcap]').click();
    const file = join(scratch.dir, 'session.pcap');
    await (await dl).saveAs(file);
    if (haveTshark()) assert.equal(execFileSync('tshark', ['-n', '-r', file]).toString().trim().split('\n').length, recorded, 'tshark reads the session\'s packets');
    await page.locator('[data-tab=spi]').or(page.getByRole('button', { name: 'SPI', exact: true })).click();
    await searched(() => detail.locator('[data-field="host.http"]').first().click());
    assert.ok((new URL(page.url()).searchParams.get('expression') ?? '').includes(`host.http == ${host}`));
    await page.locator('[data-test=session-row]').first().waitFor();
    assert.equal(await count(), await apiCount(`(protocols == http) && host.http == ${host}`));
  });

  test('SPI View, SPI Graph, Connections, Files and Stats render real content', async () => {
    await page.goto(`${base}/spiview?date=-1`);
    await page.locator('[data-test=spiview] .value').first().waitFor();
    assert.ok(await page.locator('[data-test=spiview] .value', { hasText: 'dns' }).count());
    await shot(page, 'spiview');
    await page.goto(`${base}/spigraph?date=-1`);
    await page.locator('[data-test=spigraph] canvas').first().waitFor();
    assert.ok(await page.locator('table tr', { hasText: 'tcp' }).count());
    await shot(page, 'spigraph');
    await page.goto(`${base}/connections?date=-1`);
    await page.locator('[data-test=connections] canvas').first().waitFor();
    await page.waitForFunction(() => /\d+ nodes, \d+ links/.test(document.querySelector('[data-test=connections-count]')?.textContent ?? ''));
    assert.match((await page.locator('[data-test=connections-count]').textContent()) ?? '', /^[1-9]\d* nodes, [1-9]\d* links/);
    await shot(page, 'connections');
    await page.goto(`${base}/files`);
    await page.locator('[data-test=file-row]').first().waitFor();
    assert.ok(await page.locator('[data-test=file-row]', { hasText: 'sample.pcap' }).count());
    await shot(page, 'files');
    await page.goto(`${base}/stats`);
    await page.locator('[data-test=stats-row]').first().waitFor();
    assert.ok(await page.locator('[data-test=stats-row]', { hasText: 'test' }).count());
    await shot(page, 'stats');
  });

  test('an uploaded pcap is ingested and its sessions are found', async () => {
    const up = writeApiTraffic(scratch.dir).gzip;
    await page.goto(`${base}/upload`);
    await shot(page, 'upload-before');
    await page.locator('[data-test=file]').setInputFiles(up);
    await page.locator('[data-test=upload-result]').waitFor({ timeout: 30_000 });
    assert.match((await page.locator('[data-test=upload-result]').textContent()) ?? '', /gzip\.pcap: 10 packets, 1 sessions imported/);
    await shot(page, 'upload');
    await page.goto(`${base}/sessions?date=-1&expression=${encodeURIComponent('ip.src == 10.77.0.2')}`);
    await page.locator('[data-test=session-row]').first().waitFor();
    assert.equal(await count(), 1);
  });

  test('a viewer-role user sees no packet tab and gets 403 on packets and PCAP', async () => {
    const other = await browser.newContext();
    const p = await other.newPage();
    await p.goto(`${base}/sessions?date=-1`);
    await p.waitForURL(/\/login/);
    await logIn(p, 'vic', 'vic-viewer-pw');
    await p.waitForURL(/\/sessions/);
    await p.locator('[data-test=session-row]').first().click();
    await p.locator('[data-test=detail]').waitFor();
    assert.equal(await p.locator('[data-test=packets-tab]').count(), 0);
    assert.equal(await p.locator('[data-test=export-pcap]').count(), 0);
    const id = await p.evaluate(async () => (await (await fetch('/api/sessions?date=-1&length=1&fields=id,node')).json()).data[0]);
    for (const path of [`/api/session/${id.node}/${id.id}/packets`, `/api/session/${id.node}/${id.id}.pcap`, '/api/sessions.pcap?date=-1']) {
      assert.equal(await p.evaluate(async (u) => (await fetch(u)).status, path), 403, path);
    }
    await other.close();
  });
});
