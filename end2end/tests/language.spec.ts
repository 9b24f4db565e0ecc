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

test("the stages Banyan named read in the reader's language", async ({ browser }) => {
  // The tests' workspace was set up in English. A teammate who never chose a language reads
  // it in their browser's, here Chinese.
  const email = uniqueEmail('zhou.min');
  const owner = await newUser(browser);
  await signIn(owner.page, OWNER.email, OWNER.password);
  await addTeammate(owner.page, '周敏', email, 'manager');
  await owner.context.close();

  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill('first password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('.sidebar .nav')).toContainText('今日');
  await page.goto('/deals?q=nothing-at-all');
  await hydrated(page);
  await expect(page.locator('.column-head h2')).toHaveText(['线索', '已确认需求', '方案报价', '商务谈判', '赢单', '输单']);
  // As stored, the workspace's data is unchanged.
  await expect(page.locator('[data-testid="board-column"]').first()).toHaveAttribute('data-stage', 'Lead in');
  await context.close();
});
