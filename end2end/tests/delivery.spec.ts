import http from 'node:http';
import { test, expect, hydrated, signIn, OWNER } from './fixtures';

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

// A page runs only the scripts it sent itself: its policy names a nonce made for it alone,
// which every script Leptos inlines carries. Every answer forbids framing and type sniffing.
test('pages and answers carry the headers that keep a browser safe', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  const nonceOf = (policy: string) => /script-src 'self' 'nonce-([\w-]+)' 'wasm-unsafe-eval';/.exec(policy)?.[1];

  const html = await page.request.get('/contacts');
  const policy = html.headers()['content-security-policy'];
  const nonce = nonceOf(policy);
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  const scripts = [...(await html.text()).matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
  const again = await page.request.get('/contacts');
  expect(nonceOf(again.headers()['content-security-policy'])).not.toBe(nonce);

  const answer = await page.request.post('/api/get_board', { form: { 'query[whose]': 'everyone' } });
  const file = await page.request.get('/favicon.ico');
  for (const response of [html, answer, file]) {
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['x-frame-options']).toBe('DENY');
    expect(response.headers()['referrer-policy']).toBe('same-origin');
    expect(response.headers()['permissions-policy']).toContain('camera=()');
  }
  // A script's policy would be a worker's: only pages have one. Plain http is not told https.
  expect(answer.headers()['content-security-policy']).toBeUndefined();
  expect(html.headers()['strict-transport-security']).toBeUndefined();

  // The page works under its policy: the app hydrates, and the fixture sees no refusal.
  await page.goto('/deals');
  await hydrated(page);
  await expect(page.getByTestId('board-column').first()).toBeVisible();
});

test('a request larger than its route takes is refused before it is read', async ({ page, baseURL }) => {
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // Only the headers go: the answer comes before any of the 3 MB the request announces.
  const announced = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, baseURL);
      const request = http.request(url, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', 'Content-Length': String(3 * 1024 * 1024) },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.flushHeaders();
    });
  const refused = await announced('/api/get_board');
  expect(refused.status).toBe(413);
  expect(JSON.parse(refused.body)).toEqual({ Validation: { body: [{ kind: 'too_long', max: 2 * 1024 * 1024 }] } });

  // A device's batch of offline writes may be larger than a form: 3 MB is read, and answered.
  const batch = await page.request.post('/api/sync_writes', {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ writes: [], padding: 'x'.repeat(3 * 1024 * 1024) }),
  });
  expect(batch.status()).toBe(200);
});
