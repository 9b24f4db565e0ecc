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
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');

  // The second tab still shows the old version: its save must not overwrite the first.
  await other.page.getByLabel('Company name').fill('Overwritten');
  await other.page.getByRole('button', { name: 'Save' }).click();
  await expect(other.page.getByRole('alert')).toContainText(
    'Someone else changed this record while you were editing it.',
  );
  await other.page.reload();
  await expect(other.page.getByLabel('Company name')).toHaveValue(name);
  await other.context.close();
});
