import { test, expect, hydrated, navigate, signIn, addTeammate, newUser, uniqueEmail, uniqueName, OWNER } from './fixtures';

test('Today lists the tasks due, and a task is snoozed to tomorrow and moved back in one tap each', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/tasks');
  await hydrated(page);
  const task = uniqueName('Call the supplier ');
  const add = page.getByTestId('new-task');
  await add.getByLabel('Task', { exact: true }).fill(task);
  await add.getByLabel('Due').fill('2020-01-06T09:30');
  await add.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task })).toBeVisible();

  // Overdue, it heads Today; snoozed, it leaves for tomorrow at the same time.
  await navigate(page, 'Today');
  await hydrated(page);
  const due = page.getByTestId('today-tasks').getByTestId('task').filter({ hasText: task });
  await expect(due).toContainText('09:30');
  await due.getByRole('button', { name: 'Snooze a day' }).click();
  await expect(due).toHaveCount(0);
  await page.goto('/tasks');
  await hydrated(page);
  const later = page.getByTestId('tasks-upcoming').getByTestId('task').filter({ hasText: task });
  await expect(later).toContainText('09:30');

  // Moved to a time already past, it is due again.
  await later.locator('summary', { hasText: 'Reschedule' }).click();
  await later.getByLabel('Due').fill('2021-03-04T08:15');
  await later.getByRole('button', { name: 'Save' }).click();
  const overdue = page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task });
  await expect(overdue).toContainText('08:15');
  await overdue.getByRole('button', { name: 'Mark done' }).click();
  await expect(overdue).toHaveCount(0);
});

test('the owner reads the business on Today, each figure leading to its screen, and it fits a phone', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await hydrated(page);
  const figures = page.getByTestId('today-figures');
  await expect(figures.getByRole('row')).toHaveCount(3);
  await expect(figures).toContainText('Open pipeline');
  await expect(page.getByTestId('today-tickets')).toBeVisible();
  await expect(page.getByTestId('today-closing')).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(wide).toBeLessThanOrEqual(0);
  await figures.locator('[data-figure="tickets"]').click();
  await expect(page).toHaveURL(/\/tickets\?view=open$/);
  await page.goBack();
  await page.getByTestId('today-figures').getByRole('link', { name: 'Won this month' }).click();
  await expect(page).toHaveURL(/\/deals\/forecast$/);
});

test('a rep and an agent each see their own part of Today, and neither the figures', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  for (const [role, sees, not] of [
    ['sales', 'today-closing', 'today-tickets'],
    ['support', 'today-tickets', 'today-closing'],
  ]) {
    const email = uniqueEmail(role);
    await addTeammate(page, `Today ${role}`, email, role);
    const them = await newUser(browser);
    await signIn(them.page, email, 'first password');
    await hydrated(them.page);
    await expect(them.page.getByTestId('today-tasks')).toBeVisible();
    await expect(them.page.getByTestId(sees)).toBeVisible();
    await expect(them.page.getByTestId(not)).toHaveCount(0);
    await expect(them.page.getByTestId('today-figures')).toHaveCount(0);
    // The status of the installation is the owner's alone.
    await them.page.goto('/settings/status');
    await expect(them.page.getByTestId('system-status')).toHaveCount(0);
    await them.context.close();
  }
});

test('whom a rep called last comes back on Today, to call again or log the call in one tap', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  await hydrated(page);
  const name = uniqueName('回访');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone').fill('138 0013 8001');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  await hydrated(page);
  const history = page.getByTestId('history');
  await history.getByText('Log a call').click();
  await history.getByTestId('log-call').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Logged');

  await navigate(page, 'Today');
  await hydrated(page);
  const line = page.getByTestId('today-called').getByTestId('called').filter({ hasText: name });
  await expect(line.getByRole('link', { name: 'Call' })).toHaveAttribute('href', 'tel:+8613800138001');
  // The contact page's "Logged" fades first, so that the next one is this tap's.
  await expect(page.locator('.toast')).toHaveCount(0);
  await line.getByRole('button', { name: 'Log a call' }).click();
  await expect(page.locator('.toast')).toContainText('Logged');
  await line.getByRole('link', { name }).click();
  await expect(page.getByTestId('history').locator('.entry[data-kind="call"]')).toHaveCount(2);
});
