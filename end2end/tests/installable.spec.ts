import { test, expect, signIn, navigate, OWNER } from './fixtures';

// A rep installs Banyan on their phone's home screen, and opens it in a car park.
test('the app installs from its manifest, and opens without a network after one visit', async ({ page, consoleErrors }) => {
  await signIn(page, OWNER.email, OWNER.password);

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest).toMatchObject({ name: 'Banyan CRM', short_name: 'Banyan', start_url: '/', display: 'standalone' });
  const icons: { src: string; sizes: string; purpose: string }[] = manifest.icons;
  expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
    expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
  );
  for (const icon of icons) {
    const file = await page.request.get(icon.src);
    expect(file.headers()['content-type'], icon.src).toBe('image/png');
  }
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await page.request.get(apple!)).ok()).toBe(true);
  const chinese = await page.request.get(href!, { headers: { 'Accept-Language': 'zh-CN' } });
  expect((await chinese.json()).name).toBe('Banyan 榕树客户管理');

  // The worker takes charge of the page and keeps this release's files.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const kept = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('banyan-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(kept).toEqual(expect.arrayContaining(['/shell.html', expect.stringMatching(/^\/pkg\/banyan\.[0-9a-f]{16}\.wasm$/)]));

  // No network: a screen not opened before still opens, its code kept by the worker.
  await page.context().setOffline(true);
  await navigate(page, 'Campaigns');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
  // Its data cannot come, and it says so once however many requests failed; the browser logs
  // each of them.
  const error = page.getByTestId('page-error');
  await expect(error.getByText('Banyan could not reach the server.')).toHaveCount(1);
  await expect(error.getByRole('button', { name: 'Try again' })).toBeVisible();
  const disconnected = 'Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  expect(consoleErrors).toContain(disconnected);

  // Back in signal, the page loads again by itself.
  await page.context().setOffline(false);
  await expect(page.getByRole('link', { name: 'New campaign' })).toBeVisible();
  await expect(error).toHaveCount(0);

  // The board is kept on the device: offline it opens from there, and says so.
  await expect(page.getByTestId('field-copy-held')).toContainText('updated', { timeout: 15_000 });
  await page.context().setOffline(true);
  await navigate(page, 'Deals');
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('board')).toBeVisible();
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => e !== disconnected));

  // A screen the device keeps nothing of, opened afresh with still no network: the app opens
  // from the worker's shell, styled from the kept style sheet, and says what it needs.
  await page.goto('/tickets');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Support inbox');
  await expect(error.getByText('Banyan could not reach the server.')).toHaveCount(1);
  await expect(error).toHaveCSS('padding-top', '12px');
  await expect(page).toHaveURL(/\/tickets$/);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => e !== disconnected));

  // Back online, the page loads by itself.
  await page.context().setOffline(false);
  await expect(page.getByTestId('inbox-views')).toBeVisible();
  await expect(error).toHaveCount(0);
});
