import { test, expect, addTeammate, newUser, signIn, uniqueEmail, OWNER } from './fixtures';

test('the owner adds a teammate, who signs in, and deactivating them throws them out', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('li.na');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '李娜', email, 'sales');
  const row = page.getByTestId('users').locator('li', { hasText: email });
  await expect(row).toContainText('李娜');

  const teammate = await newUser(browser);
  await signIn(teammate.page, email, 'first password', '/account');
  await expect(teammate.page.locator('main')).toContainText('Sales');
  // A sales rep has no user administration in the navigation.
  await expect(teammate.page.locator('.nav')).not.toContainText('Users');

  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  await teammate.page.goto('/account');
  await expect(teammate.page).toHaveURL(/\/login/);
  await teammate.context.close();
});

test('a sales rep cannot open user administration', async ({ page, browser }) => {
  const email = uniqueEmail('zhao.lei');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '赵磊', email);

  const rep = await newUser(browser);
  await signIn(rep.page, email, 'first password');
  await rep.page.goto('/users');
  await expect(rep.page.getByRole('alert')).toContainText('You do not have permission to do that.');
  await rep.context.close();
});
