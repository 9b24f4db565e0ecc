import { test, expect, hydrated } from './fixtures';

test('the status page answers from the server and refreshes after hydration', async ({ page }) => {
  await page.goto('/');
  const status = page.getByTestId('system-status');
  await expect(status).toContainText('SQLite');
  await hydrated(page);

  const checkedAt = status.locator('dd').last();
  const before = await checkedAt.textContent();
  // Times are shown to the second: wait for the next one so a refresh must change the text.
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(checkedAt).not.toHaveText(before ?? '');
});

test('the page speaks Chinese to a Chinese browser', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('系统状态');
  await context.close();
});

test('an unknown address is a 404 page with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});
