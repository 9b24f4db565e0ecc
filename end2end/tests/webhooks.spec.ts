import { test, expect, hydrated, signIn, uniqueName, OWNER } from './fixtures';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver on this machine that keeps what it is sent and answers 200. */
async function receiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/banyan`, received, close: () => server.close() };
}

/** The signature Standard Webhooks' libraries expect, computed here on its own. */
function signature(secret: string, headers: IncomingHttpHeaders, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

test('the owner subscribes a receiver to new contacts, which gets them signed and logged', async ({
  page,
}) => {
  const hook = await receiver();
  await signIn(page, OWNER.email, OWNER.password, '/settings');
  await hydrated(page);
  await page.getByRole('link', { name: /Webhooks/ }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await hydrated(page);

  const form = page.getByTestId('add-webhook');
  const description = uniqueName('Finance ');
  await form.getByLabel('Receiver\'s address (URL)').fill(hook.url);
  await form.getByLabel('Description').fill(description);
  await form.getByLabel(/Contact added/).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();
  // A receiver on this machine is refused until the owner says it is meant.
  await expect(form).toContainText('inside the server\'s own network');
  await form.getByLabel(/Allow a private address/).check();
  await form.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.locator('.toast', { hasText: 'Webhook added' })).toBeVisible();
  const secret = await page.getByTestId('webhook-secret').locator('input').inputValue();
  expect(secret).toMatch(/^whsec_/);
  const row = page.getByTestId('webhook').filter({ hasText: description });
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Contact added');

  await page.goto('/contacts/new');
  await hydrated(page);
  const customer = uniqueName('Lin Xiao ');
  await page.getByLabel('Name', { exact: true }).fill(customer);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(customer);

  const ours = () => hook.received.find((r) => JSON.parse(r.body).data?.name === customer);
  await expect.poll(ours, { timeout: 15_000 }).toBeTruthy();
  const sent = ours()!;
  expect(JSON.parse(sent.body).type).toBe('contact.created');
  expect(sent.headers['content-type']).toBe('application/json');
  expect(sent.headers['webhook-signature']).toBe(signature(secret, sent.headers, sent.body));

  await page.goto('/settings/webhooks');
  await hydrated(page);
  await row.getByText('Deliveries').click();
  const delivery = row.getByTestId('delivery').first();
  await expect(delivery).toContainText('Contact added');
  await expect(delivery).toContainText('Delivered');
  await expect(delivery).toContainText('HTTP 200');

  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row).toContainText('Paused');
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.toast', { hasText: 'Webhook deleted' })).toBeVisible();
  await expect(row).toHaveCount(0);
  hook.close();
});
