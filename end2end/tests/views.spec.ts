import { test, expect, hydrated, signIn, OWNER } from './fixtures';

test('filters narrow the list, and a saved view brings them back', async ({ page }) => {
  const prefix = `筛选${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
  await signIn(page, OWNER.email, OWNER.password);
  for (const [name, stage] of [
    [`${prefix}甲`, 'customer'],
    [`${prefix}乙`, 'lead'],
  ]) {
    await page.goto('/contacts/new');
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Stage').selectOption(stage);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  }

  await page.goto(`/contacts?q=${encodeURIComponent(prefix)}`);
  await hydrated(page);
  const list = page.getByTestId('contacts');
  await expect(list.locator('li')).toHaveCount(2);
  await page.getByText('Filters', { exact: true }).click();
  await page.locator('.filters').getByLabel('Stage').selectOption('customer');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/lifecycle=customer/);
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText(`${prefix}甲`);
  await expect(page.locator('.filters summary')).toHaveText('Filters (1)');

  const viewName = `Customers ${prefix}`;
  await page.getByTestId('save-view').getByText('Save this view').click();
  await page.getByLabel('Name of the view').fill(viewName);
  await page.getByTestId('save-view').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('View saved');
  const chip = page.locator('.saved-views .chip', { hasText: viewName });
  await expect(chip.getByRole('link')).toHaveAttribute('aria-current', 'page');

  await page.goto('/contacts');
  await hydrated(page);
  await chip.getByRole('link').click();
  await expect(page).toHaveURL(/lifecycle=customer/);
  await expect(list.locator('li')).toHaveCount(1);

  await chip.getByRole('button', { name: `Delete the view ${viewName}` }).click();
  await expect(chip).toHaveCount(0);
});

test('a contact’s page leads to everyone at their company', async ({ page }) => {
  const company = `公司${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
  await signIn(page, OWNER.email, OWNER.password);
  for (const name of [`${company}甲`, `${company}乙`]) {
    await page.goto('/contacts/new');
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Company').fill(company);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  }
  await page.getByRole('link', { name: `Everyone at ${company}` }).click();
  await expect(page).toHaveURL(/company=/);
  await expect(page.getByTestId('contacts').locator('li')).toHaveCount(2);
  await expect(page.locator('.filters summary')).toHaveText('Filters (1)');
});
