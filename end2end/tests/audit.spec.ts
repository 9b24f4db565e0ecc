import { readFileSync } from 'node:fs';

import { test, expect, hydrated, signIn, teammateSignedIn, uniqueName, OWNER } from './fixtures';

test('the owner reads who changed a contact, narrows the trail, exports it and checks the chain', async ({
  page,
}) => {
  const name = uniqueName('审计');
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  await page.goto(`${page.url()}/edit`);
  await hydrated(page);
  await page.getByLabel('City').fill('杭州');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact')).toContainText('杭州');

  // The contact's own changes, on their page.
  const changes = page.getByTestId('record-history');
  await expect(changes).toContainText('contact.update');
  await expect(changes).toContainText('杭州');
  await changes.getByRole('link', { name: 'All its changes' }).click();

  // The trail, narrowed to that contact: who did what, newest first.
  const trail = page.getByTestId('trail');
  const entries = trail.getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText('contact.update');
  await expect(entries.first()).toContainText(OWNER.name);
  await expect(entries.first().getByRole('link', { name })).toBeVisible();

  const filters = page.getByTestId('trail-filters');
  await filters.getByLabel('Action').fill('create');
  await filters.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=create/);
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('contact.create');

  const download = page.waitForEvent('download');
  await filters.getByRole('link', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('time,person,action,record_type,record_id,record,field,before,after');
  expect(csv).toContain(`contact.create,contact,`);
  expect(csv).toContain(name);
  expect(csv).not.toContain('contact.update');

  // New entries join the chain within seconds of being written.
  await hydrated(page);
  await expect(async () => {
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await expect(page.getByTestId('trail-chain')).toContainText('The chain holds', { timeout: 2000 });
  }).toPass();
});

test('a sales rep has no audit trail', async ({ page, browser }) => {
  const rep = await teammateSignedIn(page, browser, uniqueName('孙丽'), 'sales', '/');
  await expect(rep.page.locator('.sidebar').getByRole('link', { name: 'Audit' })).toHaveCount(0);
  const answer = await rep.page.request.get('/api/audit.csv');
  expect(answer.status()).toBe(403);
  await rep.context.close();
});
