import { test, expect, hydrated, navigate, signIn, OWNER } from './fixtures';

test('the status page, under Settings, answers from the server and refreshes after hydration', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await navigate(page, 'Settings');
  await page.getByRole('link', { name: /^System status/ }).click();
  await expect(page).toHaveURL(/\/settings\/status$/);
  await hydrated(page);
  const status = page.getByTestId('system-status');
  await expect(status).toContainText('SQLite');

  const checkedAt = status.locator('dd').last();
  const before = await checkedAt.textContent();
  // Times are shown to the second: wait for the next one so a refresh must change the text.
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(checkedAt).not.toHaveText(before ?? '');
});

test('an unknown address is a 404 page with a way back', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});
