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
  expect(kept).toEqual(expect.arrayContaining(['/offline.html', expect.stringMatching(/^\/pkg\/banyan\.[0-9a-f]{16}\.wasm$/)]));

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

  // "Try again" with still no network: the page says so in words, styled from the kept style
  // sheet, never the browser's error.
  await page.context().setOffline(true);
  await navigate(page, 'Deals');
  await error.getByRole('button', { name: 'Try again' }).click();
  const offline = page.getByTestId('offline');
  await expect(offline.getByRole('heading')).toHaveText('You are offline');
  await expect(offline).toHaveCSS('text-align', 'center');
  await expect(offline.getByRole('link', { name: 'Try again' })).toBeVisible();
  await expect(page).toHaveURL(/\/deals$/);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => e !== disconnected));

  // Back online, the offline screen opens the page that was asked for by itself.
  await page.context().setOffline(false);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deals');
  await expect(page).toHaveURL(/\/deals$/);
});
