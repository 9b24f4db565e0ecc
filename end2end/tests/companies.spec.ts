import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';

test('a company lists its people and revenue, and its edit is checked and saved', async ({ page }) => {
  const company = uniqueName('Firma');
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  await hydrated(page);
  for (const person of ['Ada', 'Bo']) {
    await page.goto('/contacts/new');
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(`${person} ${company}`);
    await page.getByLabel('Company').fill(company);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(`${person} ${company}`);
  }
  await page.getByRole('link', { name: `About ${company}` }).click();
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('company').getByRole('heading')).toHaveText(company);
  await expect(page.getByRole('heading', { name: '2 people' })).toBeVisible();
  await expect(page.getByTestId('people').locator('li')).toHaveCount(2);
  await expect(page.getByText('No paid orders yet.')).toBeVisible();

  await page.getByRole('link', { name: 'Edit' }).click();
  await hydrated(page);
  await page.getByLabel('Country').fill('China');
  await page.getByLabel('Industry').fill('Tea');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.field.invalid')).toContainText('Choose one of the options offered.');
  await page.getByLabel('Country').fill('cn');
  await page.getByLabel('Name', { exact: true }).fill(`${company} Ltd`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('company').getByRole('heading')).toHaveText(`${company} Ltd`);
  await expect(page.getByTestId('company')).toContainText('CN');
  await expect(page.getByTestId('company')).toContainText('Tea');

  await page.goto(`/companies?q=${encodeURIComponent(`${company} ltd`)}`);
  await expect(page.getByTestId('companies').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('companies')).toContainText('2 people');
  await page.goto(`/contacts?q=${encodeURIComponent(`${company} ltd`)}`);
  await expect(page.getByTestId('contacts').locator('li')).toHaveCount(2);
});
