import { test, expect, addTeammate, hydrated, newUser, signIn, uniqueEmail, OWNER } from './fixtures';

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

test('a signed-in user keeps their language', async ({ page, browser }) => {
  // A user of its own: the owner's language must not change under the tests running beside it.
  const email = uniqueEmail('sun.li');
  const owner = await newUser(browser);
  await signIn(owner.page, OWNER.email, OWNER.password);
  await addTeammate(owner.page, '孙丽', email);
  await owner.context.close();

  await signIn(page, email, 'first password', '/account');
  await page.locator('main').getByRole('button', { name: '简体中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的账号');
  await expect(page.locator('.nav')).toContainText('今日');
  // Kept on the server, not only in this browser: a new sign-in elsewhere speaks Chinese.
  const elsewhere = await newUser(browser);
  await elsewhere.page.goto('/login');
  await elsewhere.page.getByLabel('Email').fill(email);
  await elsewhere.page.getByLabel('Password').fill('first password');
  await elsewhere.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(elsewhere.page.locator('.nav')).toContainText('今日');
  await elsewhere.context.close();
  await page.locator('main').getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
});
