import { test, expect, signIn, OWNER } from './fixtures';

// A phone on a weak connection pays for every byte and every round trip: pages and answers
// come compressed, and the bundle, named after its content, is fetched once and then kept.
test('pages, answers and files arrive compressed, and the bundle is kept for a year', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  const get = (path: string, encoding: string) => page.request.get(path, { headers: { 'Accept-Encoding': encoding } });

  const html = await get('/contacts', 'gzip, deflate, br');
  expect(html.status()).toBe(200);
  expect(html.headers()['content-encoding']).toBe('br');
  expect(html.headers()['cache-control']).toBe('no-cache');
  expect(await html.text()).toContain('</html>');

  const answer = await page.request.post('/api/get_board', {
    headers: { 'Accept-Encoding': 'gzip', Accept: 'application/json' },
    form: { 'query[whose]': 'everyone' },
  });
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-encoding']).toBe('gzip');
  expect((await answer.json()).columns.length).toBeGreaterThan(0);

  const bundle = [
    await page.locator('link[rel="modulepreload"]').getAttribute('href'),
    await page.locator('link[rel="preload"][as="fetch"]').getAttribute('href'),
    await page.locator('link[rel="stylesheet"]').first().getAttribute('href'),
  ];
  expect(bundle).toEqual([
    expect.stringMatching(/^\/pkg\/banyan\.[0-9a-f]{16}\.js$/),
    expect.stringMatching(/^\/pkg\/banyan\.[0-9a-f]{16}\.wasm$/),
    expect.stringMatching(/^\/pkg\/banyan\.[0-9a-f]{16}\.css$/),
  ]);
  for (const path of bundle as string[]) {
    for (const encoding of ['br', 'gzip']) {
      const file = await get(path, encoding);
      expect(file.status(), path).toBe(200);
      expect(file.headers()['content-encoding'], path).toBe(encoding);
      expect(file.headers()['cache-control'], path).toBe('public, max-age=31536000, immutable');
    }
  }

  // A file without a hash in its name is checked with the server before it is used again.
  const favicon = await get('/favicon.ico', 'br');
  expect(favicon.headers()['cache-control']).toBe('no-cache');
  const missing = await get('/pkg/banyan.0000000000000000.js', 'br');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['cache-control']).toBe('no-cache');
});
