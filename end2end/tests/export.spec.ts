import { readFileSync } from 'node:fs';
import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';


test('the narrowed list and one person’s data download, and erasing needs the name', async ({ page }) => {
  const name = uniqueName('导出');
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill(`${name.length}.${Date.now()}@example.cn`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  const contactUrl = page.url();

  await page.goto(`/contacts?q=${encodeURIComponent(name)}`);
  await hydrated(page);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.startsWith('\ufeffid,name,')).toBe(true);
  const lines = text.trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(name);

  await page.goto(contactUrl);
  await hydrated(page);
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export their data' }).click(),
  ]);
  const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
  expect(data.contact.name).toBe(name);
  expect(data.interactions).toEqual([]);

  await page.getByText('Erase…').click();
  const erase = page.getByTestId('erase');
  await erase.getByLabel('Name, to confirm').fill('someone else');
  await erase.getByRole('button', { name: 'Erase for good' }).click();
  await expect(erase.locator('.field.invalid')).toContainText('Type the name exactly as shown to confirm.');
  await erase.getByLabel('Name, to confirm').fill(name);
  await erase.getByRole('button', { name: 'Erase for good' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.goto(contactUrl);
  await expect(page.getByRole('alert')).toContainText('That record does not exist');
});
