/**
 * The HTML output in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). .ci/run installs the chromium package; where it is absent the test is skipped.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { sampleCurve, scalingChart } from '../../src/plot/charts.ts';
import { renderHtml } from '../../src/plot/render.ts';
import { laws } from '../../src/laws/index.ts';
import { recipePoints, REFERENCE } from '../fixtures/two-recipes.ts';

const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(executable))('HTML charts in headless Chromium', () => {
  it('render log axes; no console error or request; hostile text stays text', async () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const points = recipePoints(REFERENCE).map((p) => ({ x: p.x!, y: p.y, series: hostile }));
    const curve = sampleCurve(
      { law: laws['power-offset']!, params: [REFERENCE.E, REFERENCE.A, REFERENCE.alpha] },
      1e18,
      1e23,
      'fit',
    );
    const spec = scalingChart({
      title: hostile,
      xTitle: 'C',
      yTitle: 'loss',
      points,
      curves: curve,
    });
    const folder = mkdtempSync(join(tmpdir(), 'scalefit-html-'));
    const file = join(folder, 'chart.html');
    writeFileSync(file, renderHtml(hostile, [{ id: 'chart', title: hostile, spec }]));

    const browser = await chromium.launch({
      executablePath: executable,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      let dialogs = 0;
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      page.on('dialog', async (dialog) => {
        dialogs++;
        await dialog.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('body[data-rendered="1"]', { timeout: 15_000 });
      const scale = await page.evaluate(() => {
        const page = globalThis as unknown as {
          __views: { scale(name: string): { type: string } }[];
        };
        const view = page.__views[0]!;
        return view.scale('x').type;
      });
      expect(scale).toBe('log');
      const heading = await page.textContent('h1', { timeout: 2_000 });
      expect(heading).toBe(hostile);
      expect(await page.locator('img').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(dialogs).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
