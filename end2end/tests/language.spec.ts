import { test, expect, hydrated, signIn, OWNER } from './fixtures';

test('a Chinese browser is answered in Chinese', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录 Banyan 榕树');
  await expect(page.getByLabel('邮箱')).toBeVisible();
  await context.close();
});

test('switching the language on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录 Banyan 榕树');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Banyan');
});

test('a signed-in user keeps their language', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/account');
  await page.locator('main').getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的账号');
  await expect(page.locator('.nav')).toContainText('首页');
  await page.locator('main').getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
});
