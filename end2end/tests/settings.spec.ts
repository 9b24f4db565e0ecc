import { test, expect, hydrated, newUser, signIn, OWNER } from './fixtures';

test('the owner changes the settings, and a stale form reports the conflict', async ({
  page,
  browser,
}) => {
  await signIn(page, OWNER.email, OWNER.password, '/settings');
  await hydrated(page);
  const other = await newUser(browser);
  await signIn(other.page, OWNER.email, OWNER.password, '/settings');
  await hydrated(other.page);

  const name = `Banyan Trading ${Date.now()}`;
  await page.getByLabel('Company name').fill(name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.toast')).toContainText('Saved');

  // The second tab still shows the old version: its save must not overwrite the first.
  await other.page.getByLabel('Company name').fill('Overwritten');
  await other.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(other.page.getByRole('alert')).toContainText(
    'Someone else changed this record while you were editing it.',
  );
  await other.page.reload();
  await expect(other.page.getByLabel('Company name')).toHaveValue(name);
  // Saving the form keeps campaign tracking as it was: on.
  await expect(other.page.getByLabel('Campaign mail counts openings and clicks')).toBeChecked();
  await other.context.close();
});

test('the owner enters an exchange rate and removes it', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/settings');
  await hydrated(page);
  const rates = page.getByTestId('exchange-rates');
  await expect(rates).toContainText('How many USD one unit of each currency buys.');
  await rates.getByLabel('Currency').selectOption('SGD');
  await rates.getByLabel('Rate').fill('0,74');
  await rates.getByRole('button', { name: 'Save rate' }).click();
  await expect(rates.locator('#field-rate-rate-error')).toContainText('Write an amount such as 1,234.50.');
  await rates.getByLabel('Rate').fill('0.74');
  await rates.getByRole('button', { name: 'Save rate' }).click();
  const row = rates.locator('li', { hasText: '1 SGD = 0.74' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(row).toBeHidden();
});
