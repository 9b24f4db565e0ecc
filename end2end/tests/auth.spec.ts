import { test, expect, addTeammate, hydrated, newUser, signIn, uniqueEmail, OWNER } from './fixtures';

test('signing in brings you back where you were going', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount/);
  await hydrated(page);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-password-error')).toHaveText('The email or password is wrong.');

  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
});

test('signing in and out works with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-password-error')).toHaveText('The email or password is wrong.');

  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('today-tasks')).toBeVisible();

  await page.goto('/account');
  await page.locator('main').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=/);
  await context.close();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/account');
  await page.locator('main').getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fusers/);
});

test('a user ends a session on another device', async ({ page, browser }) => {
  const email = uniqueEmail('chen.jie');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '陈杰', email);

  const phone = await newUser(browser);
  await signIn(phone.page, email, 'first password');
  const laptop = await newUser(browser);
  await signIn(laptop.page, email, 'first password', '/account');
  const sessions = laptop.page.getByTestId('sessions').locator('li');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
  await sessions.getByRole('button', { name: 'End session' }).click();
  await expect(sessions).toHaveCount(1);

  await phone.page.goto('/account');
  await expect(phone.page).toHaveURL(/\/login/);
  await phone.context.close();
  await laptop.context.close();
});
