import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';

test('a duplicate is found, merged field by field, and the merge undone', async ({ page }) => {
  const name = uniqueName('Twin');
  const email = `${name.toLowerCase()}@example.cn`;
  const digits = `6${String(Date.now()).slice(-7)}`;
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  const made: string[] = [];
  for (const [who, phone] of [[name, ''], [`${name}x`, `+65 ${digits}`]]) {
    await page.goto('/contacts/new');
    await hydrated(page);
    await page.getByLabel('Name', { exact: true }).fill(who);
    await page.getByLabel('Email').fill(email);
    if (phone) await page.getByLabel('Phone').fill(phone);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(who);
    made.push(page.url());
  }

  await page.goto('/contacts');
  await hydrated(page);
  await page.getByRole('link', { name: 'Possible duplicates' }).click();
  const group = page.getByTestId('duplicate-group').filter({ hasText: `${name}x` });
  await expect(group).toContainText('Same email');
  await expect(group).toContainText('100% alike');
  await group.getByRole('link', { name: 'Compare and merge' }).click();
  await expect(page).toHaveURL(/\/contacts\/merge\?ids=/);
  await hydrated(page);
  // The first stays; the phone comes from the second.
  await page.getByRole('radio', { name: `Phone: +65${digits}` }).check();
  await page.getByRole('button', { name: 'Merge' }).click();
  await expect(page).toHaveURL(made[0]);
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  await expect(page.getByTestId('contact')).toContainText(`+65${digits}`);
  const merges = page.getByTestId('merges');
  await expect(merges).toContainText(`Merged ${name}x into this contact`);

  await page.goto(made[1]);
  await expect(page.getByTestId('contact')).toContainText('Archived');

  await page.goto(made[0]);
  await hydrated(page);
  await page.getByTestId('merges').getByRole('button', { name: 'Undo the merge' }).click();
  await expect(page.getByTestId('merges')).toContainText('Undone');
  await expect(page.getByTestId('contact')).not.toContainText(`+65${digits}`);
  await page.goto(made[1]);
  await expect(page.getByTestId('contact')).not.toContainText('Archived');
});
