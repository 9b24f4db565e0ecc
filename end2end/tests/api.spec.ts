import { test, expect, hydrated, signIn, uniqueName, OWNER } from './fixtures';
import type { Page } from '@playwright/test';

/** The secret of a new token of the owner's that may change contacts and orders. */
async function contactsToken(page: Page): Promise<string> {
  await signIn(page, OWNER.email, OWNER.password, '/account');
  await hydrated(page);
  const form = page.getByTestId('add-token');
  await form.getByLabel('Token name').fill(uniqueName('ERP '));
  await form.getByLabel('Contacts').selectOption('write');
  await form.getByRole('button', { name: 'Make token' }).click();
  return page.getByTestId('token-secret').locator('input').inputValue();
}

test('a token made on the account page lets a program read contacts, until it is revoked', async ({
  page,
  request,
}) => {
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  await hydrated(page);
  const customer = uniqueName('Qian Yu ');
  await page.getByLabel('Name', { exact: true }).fill(customer);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(customer);

  await page.goto('/account');
  await hydrated(page);
  const card = page.getByTestId('tokens');
  const form = page.getByTestId('add-token');
  const name = uniqueName('ERP ');
  // Without an area it may reach, a token is refused next to the form.
  await form.getByLabel('Token name').fill(name);
  await form.getByRole('button', { name: 'Make token' }).click();
  await expect(form.locator('fieldset')).toContainText('This field is required.');
  await form.getByLabel('Contacts').selectOption('read');
  await form.getByRole('button', { name: 'Make token' }).click();
  const secret = await card.getByTestId('token-secret').locator('input').inputValue();
  expect(secret).toMatch(/^banyan_/);
  const row = card.locator('li', { hasText: name });
  await expect(row).toContainText('Contacts · Read');
  await expect(row).toContainText('Never used');

  const bearer = { authorization: `Bearer ${secret}` };
  const search = `/api/v1/contacts?q=${encodeURIComponent(customer)}`;
  const found = await request.get(search, { headers: bearer });
  expect(found.status()).toBe(200);
  const page1 = await found.json();
  expect(page1.rows.map((r: { name: string }) => r.name)).toEqual([customer]);
  const one = await request.get(`/api/v1/contacts/${page1.rows[0].id}`, { headers: bearer });
  expect((await one.json()).name).toBe(customer);
  const guessed = await request.get(search, { headers: { authorization: 'Bearer banyan_guessed' } });
  expect(guessed.status()).toBe(401);
  expect((await guessed.json()).status).toBe(401);

  await page.reload();
  await hydrated(page);
  await expect(row).toContainText('Last used');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.locator('.toast', { hasText: 'Token revoked' })).toBeVisible();
  await expect(row).toHaveCount(0);
  expect((await request.get(search, { headers: bearer })).status()).toBe(401);
});

test('a program adds a contact once, changes it at the version it read, and the screens show it', async ({
  page,
  request,
}) => {
  const secret = await contactsToken(page);

  const customer = uniqueName('李娜 ');
  const headers = {
    authorization: `Bearer ${secret}`,
    'idempotency-key': uniqueName('erp-'),
  };
  const body = { name: customer, city: '上海', tags: ['VIP'] };
  const made = await request.post('/api/v1/contacts', { headers, data: body });
  expect(made.status()).toBe(201);
  const contact = await made.json();
  expect(made.headers()['location']).toBe(`/api/v1/contacts/${contact.id}`);
  // A retry after a lost answer makes nothing twice.
  const again = await request.post('/api/v1/contacts', { headers, data: body });
  expect(again.headers()['idempotent-replayed']).toBe('true');
  expect((await again.json()).id).toBe(contact.id);

  const path = `/api/v1/contacts/${contact.id}`;
  const change = (version: string, city: string) =>
    request.patch(path, { headers: { ...headers, 'if-match': version }, data: { city } });
  expect((await change(made.headers()['etag'], '杭州')).status()).toBe(200);
  const stale = await change(made.headers()['etag'], '苏州');
  expect(stale.status()).toBe(412);
  expect((await stale.json()).error.Stale.current.city).toBe('杭州');

  await page.goto(`/contacts/${contact.id}`);
  const card = page.getByTestId('contact');
  await expect(card.getByRole('heading')).toHaveText(customer);
  await expect(card).toContainText('杭州');
  await expect(card).not.toContainText('苏州');
});

test('an ERP sends an order with its lines, refunds it, and the contact page shows both', async ({
  page,
  request,
}) => {
  const secret = await contactsToken(page);
  const headers = { authorization: `Bearer ${secret}` };

  const person = await request.post('/api/v1/contacts', { headers, data: { name: uniqueName('周杰 ') } });
  const contact = await person.json();
  const erpId = uniqueName('K3-SO-');
  const lines = [
    { description: '乌龙茶 500 克', quantity: 3, unit_amount: 120.5 },
    { description: '茶杯', quantity: 2, unit_amount: '40' },
  ];
  const data = { contact_id: contact.id, external_id: erpId, ordered_on: '2026-12-01', currency: 'CNY', lines };
  const made = await request.post('/api/v1/orders', { headers, data });
  expect(made.status()).toBe(201);
  const order = await made.json();
  expect(order.amount.minor).toBe(3 * 12050 + 2 * 4000);
  // The same order again is refused by its ERP id, in the caller's language.
  const again = await request.post('/api/v1/orders', {
    headers: { ...headers, 'accept-language': 'zh-CN' },
    data,
  });
  expect(again.status()).toBe(422);
  expect((await again.json()).error.Validation.external_id[0].kind).toBe('taken');

  await page.goto(`/contacts/${contact.id}`);
  const entry = page.getByTestId('history').locator('.entry[data-kind="order"]');
  await expect(entry).toContainText(`Order ${order.number}`);
  await expect(entry).toContainText(`ERP id ${erpId}`);
  await expect(entry.locator('.order-lines li')).toHaveCount(2);
  await expect(entry.locator('.order-lines')).toContainText('3 × 乌龙茶 500 克');

  const refund = await request.patch(`/api/v1/orders/${order.id}`, {
    headers: { ...headers, 'if-match': made.headers()['etag'] },
    data: { status: 'refunded' },
  });
  expect(refund.status()).toBe(200);
  await page.reload();
  await expect(entry.locator('.badge')).toHaveText('Refunded');
  await expect(page.getByTestId('orders')).toContainText('No paid orders yet.');
});
