import { test, expect, hydrated, uniqueName, teammateSignedIn } from './fixtures';
import { mailTo } from './mail';

test('the daily email comes at the hour chosen, with the tasks due and the way to turn it off', async ({ page, browser }) => {
  // The digest is looked for every 20 seconds, then the outbox sends it.
  test.setTimeout(90_000);
  const rep = await teammateSignedIn(page, browser, 'Digest Rep', 'sales', '/tasks');
  const email = rep.email;
  const task = uniqueName('Send the samples ');
  const add = rep.page.getByTestId('new-task');
  await add.getByLabel('Task', { exact: true }).fill(task);
  await add.getByLabel('Due').fill('2020-02-03T10:00');
  await add.getByRole('button', { name: 'Add task' }).click();
  await expect(rep.page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task })).toBeVisible();
  expect(mailTo(email)).toHaveLength(0);

  // Eight in the morning unless chosen; midnight has passed wherever the test runs.
  await rep.page.goto('/account');
  await hydrated(rep.page);
  const digest = rep.page.getByTestId('digest');
  await expect(digest.getByLabel('Send at')).toHaveValue('8');
  await digest.getByLabel('Send at').selectOption('0');
  await digest.getByRole('button', { name: 'Save' }).click();
  await expect(rep.page.locator('.toast')).toContainText('Saved');

  await expect.poll(() => mailTo(email).length, { timeout: 60_000 }).toBe(1);
  const [sent] = mailTo(email);
  expect(sent.headers.get('subject')).toBe('Tasks due: 1 · Stalled deals: 0');
  expect(sent.text).toContain(task);
  expect(sent.text).toMatch(/\/account\b/);

  // Turned off, it stays off.
  await rep.page.reload();
  await hydrated(rep.page);
  await digest.getByLabel('Send at').selectOption('');
  await digest.getByRole('button', { name: 'Save' }).click();
  await expect(rep.page.locator('.toast')).toContainText('Saved');
  await rep.page.reload();
  await expect(digest.getByLabel('Send at')).toHaveValue('');
  await rep.context.close();
});
