import type { Page } from '@playwright/test';
import { test, expect, signIn, hydrated, navigate, ticketFor, uniqueName, OWNER } from './fixtures';

/** The WebAssembly files this page has loaded since it was opened, its later screens' included. */
async function wasmLoaded(page: Page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.endsWith('.wasm')),
  );
}

/** A group of screens loaded on demand (`app/src/screens.rs`): the splitter names its piece after it. */
const group = (name: string) => new RegExp(`/split_${name}_\\d+\\.[0-9a-f]{16}\\.wasm$`);
/** The piece that draws charts, charming's option model with it. */
const CHARTS = group('paint');

// The worker would answer from its cache, out of the network's sight: these tests watch the
// network as a first visit sees it (and delay a piece on its way).
test.use({ serviceWorkers: 'block' });

// A rep on a weak connection downloads the screens of every day at once, the others when opened.
test('a page of every day is one module; other screens come in groups when opened, charts with the first chart', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/contacts');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contacts');
  expect(await wasmLoaded(page)).toEqual([expect.stringMatching(/\/banyan\.[0-9a-f]{16}\.wasm$/)]);

  // The server names the pieces of a page's group in its head, so that the browser fetches
  // them with the main module instead of after it.
  await page.goto('/companies');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Companies');
  const preloaded = await page.locator('link[rel="preload"][as="fetch"]').evaluateAll((links) =>
    links.map((l) => new URL((l as HTMLLinkElement).href).pathname),
  );
  expect(preloaded).toEqual(expect.arrayContaining([expect.stringMatching(group('records'))]));
  let asked = await wasmLoaded(page);
  expect(asked).toEqual(expect.arrayContaining([expect.stringMatching(group('records'))]));
  for (const other of ['campaigns', 'insight', 'admin', 'import', 'paint']) {
    expect(asked.filter((path) => group(other).test(path)), other).toEqual([]);
  }

  await navigate(page, 'Campaigns');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
  asked = await wasmLoaded(page);
  expect(asked).toEqual(expect.arrayContaining([expect.stringMatching(group('campaigns'))]));
  expect(asked.filter((path) => CHARTS.test(path))).toEqual([]);

  // A ticket for the report to draw, opened from a new customer's page (another group's form).
  await ticketFor(page, uniqueName('Bundle check '));
  expect((await wasmLoaded(page)).filter((path) => CHARTS.test(path))).toEqual([]);
  await page.goto('/tickets/report?days=7');
  await expect(page.locator('#report-priorities-chart')).toHaveAttribute('data-drawn', 'true');
  expect(await wasmLoaded(page)).toEqual(expect.arrayContaining([expect.stringMatching(group('insight')), expect.stringMatching(CHARTS)]));
});

test('a screen slow to arrive shows a bar across the top until it is there', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/contacts');
  await hydrated(page);
  const bar = page.getByRole('progressbar', { name: 'Loading…' });
  await expect(bar).toBeHidden();

  // The campaigns' piece takes two seconds, as on a weak connection.
  let delayed = false;
  await page.route(group('campaigns'), async (route) => {
    delayed = true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  });
  await navigate(page, 'Campaigns');
  await expect(bar).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
  await expect(bar).toBeHidden();
  expect(delayed).toBe(true);
});

test('the service worker keeps every chunk of the release', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const main = await page.locator('link[rel="preload"][type="application/wasm"]').first().getAttribute('href');
  const id = main!.match(/banyan\.([0-9a-f]{16})\.wasm$/)![1];
  const manifest: Record<string, string[]> = await (await page.request.get(`/pkg/__wasm_split_manifest.${id}.json`)).json();
  const chunks = new Set(Object.values(manifest).flat().map((stem) => `/pkg/${stem}.wasm`));
  expect(chunks.size).toBeGreaterThan(8);

  const worker = await (await page.request.get('/sw.js')).text();
  const build = JSON.parse(worker.match(/^const BUILD = (.*);$/m)![1]);
  expect(build.files).toEqual(expect.arrayContaining([...chunks, `/pkg/__wasm_split.${id}.js`]));
});
