import { readFileSync } from 'node:fs';
import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';

/** Picks a file for the upload form and sends it; the import's page opens. */
async function upload(page: import('@playwright/test').Page, name: string, text: string) {
  await page.goto('/import');
  await hydrated(page);
  await page.getByLabel('What the file holds').selectOption('contacts');
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Upload and continue' }).click();
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  await hydrated(page);
}

test('a messy file is mapped, previewed, imported, and its rejected row fixed and imported again', async ({ page }) => {
  const base = uniqueName('Import');
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  // "Mobil" names no field Banyan knows: the user maps it. Line 3 has a broken email.
  const messy = [
    'Name,E-mail,Mobil,Firma',
    `${base} One, ONE.${stamp}@Example.com ,138 0013 ${stamp.slice(-4)},${base} GmbH`,
    `${base} Two,two.${stamp}@,,`,
    `${base} Three,three.${stamp}@example.com,,${base} GmbH`,
  ].join('\n');
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  await hydrated(page);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/import$/);
  await upload(page, 'messy.csv', messy);

  await expect(page.locator('.preview-counts')).toHaveText('2 ready to import, 1 with problems');
  await expect(page.locator('.problems')).toContainText('Line 3: Email: This is not a valid email address.');
  await page.getByLabel('Mobil').selectOption('phone');
  await page.getByLabel('Firma').selectOption('company');
  await expect(page.locator('table.preview')).toContainText(`+861380013${stamp.slice(-4)}`);
  await expect(page.locator('table.preview')).toContainText(`one.${stamp}@example.com`);
  await page.getByRole('button', { name: 'Start the import' }).click();

  await expect(page.getByRole('heading', { name: /Import finished/ })).toBeVisible();
  const report = page.locator('dl.report');
  await expect(report.locator('div', { hasText: 'Created' }).locator('dd')).toHaveText('2');
  await expect(report.locator('div', { hasText: 'Rejected' }).locator('dd')).toHaveText('1');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /Download the rejected rows/ }).click(),
  ]);
  const rejected = readFileSync(await download.path(), 'utf8');
  expect(rejected).toContain(`${base} Two`);
  expect(rejected).toContain('Email: This is not a valid email address.');

  // The user fixes the row and imports the whole file again: the two already there are skipped.
  const fixed = messy.replace(`two.${stamp}@,`, `two.${stamp}@example.com,`);
  await upload(page, 'fixed.csv', fixed);
  await page.getByLabel('Mobil').selectOption('phone');
  await expect(page.locator('.preview-counts')).toHaveText('3 ready to import, 0 with problems');
  await page.getByRole('button', { name: 'Start the import' }).click();
  await expect(page.getByRole('heading', { name: /Import finished/ })).toBeVisible();
  await expect(report.locator('div', { hasText: 'Created' }).locator('dd')).toHaveText('1');
  await expect(report.locator('div', { hasText: 'Skipped' }).locator('dd')).toHaveText('2');

  await page.goto(`/contacts?q=${encodeURIComponent(base)}`);
  await expect(page.getByTestId('contacts').locator('li')).toHaveCount(3);
  await page.goto('/import');
  await expect(page.getByRole('link', { name: 'fixed.csv' }).first()).toBeVisible();
});

test('a file that is no CSV is refused with a reason, and nothing starts', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/import');
  await hydrated(page);
  await page.getByLabel('CSV file').setInputFiles({
    name: 'book.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
  });
  await page.getByRole('button', { name: 'Upload and continue' }).click();
  await expect(page).toHaveURL(/\/import\?error=/);
  await expect(page.getByRole('alert')).toContainText('Save the spreadsheet as CSV');
});
