import { test, expect, hydrated, signIn, OWNER } from './fixtures';

test('a new installation asks for its owner, once', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Banyan');
  await hydrated(page);

  // Mistakes are reported beside their fields, all at once, and nothing is created.
  await page.getByLabel('Company name').fill('Banyan Trading');
  await page.getByLabel('Name', { exact: true }).fill(OWNER.name);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Email').evaluate((el: HTMLInputElement) => (el.type = 'text'));
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('This is not a valid email address.');
  await expect(page.locator('#field-password-error')).toHaveText('Use at least 8 characters.');

  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('New password').fill(OWNER.password);
  await page.getByLabel('Country or region').selectOption('CN');
  await page.getByLabel('Time zone').selectOption('Asia/Shanghai');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('.user-menu')).toContainText(OWNER.name);

  // The first-run screen is gone for good.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);
});

test('a first campaign, before any segment exists, says where to make one', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/campaigns/new');
  const hint = page.getByTestId('no-segments');
  await expect(hint).toContainText('No segment to send to yet');
  await hint.getByRole('link', { name: 'Customer segments' }).click();
  await expect(page).toHaveURL(/\/analytics\/segments$/);
});
