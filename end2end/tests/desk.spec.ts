import { test, expect, hydrated, signIn, newUser, addTeammate, uniqueEmail, uniqueName, ticketFor, OWNER } from './fixtures';
import type { Page } from '@playwright/test';

/** Nothing on the page is wider than the screen. */
async function fits(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('picked tickets are assigned together, and the agent is told', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const agentName = uniqueName('Agent ');
  const agentEmail = uniqueEmail('bulk');
  await addTeammate(page, agentName, agentEmail, 'support');
  const batch = uniqueName('Lost parcel ');
  await ticketFor(page, `${batch} A`);
  await ticketFor(page, `${batch} B`);

  await page.goto(`/tickets?view=all&q=${encodeURIComponent(batch)}`);
  await hydrated(page);
  const rows = page.getByTestId('ticket-row');
  await expect(rows).toHaveCount(2);
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toBeHidden();
  for (const row of await rows.all()) await row.getByRole('checkbox').check();
  await expect(bar).toBeVisible();
  await expect(bar).toContainText('2 picked');
  await bar.getByLabel('Assignee').selectOption({ label: agentName });
  await bar.getByTestId('bulk-priority').selectOption('urgent');
  await fits(page);
  await bar.getByRole('button', { name: 'Apply to the picked' }).click();
  await expect(page.locator('.toast')).toContainText('Tickets changed: 2.');
  await expect(rows.filter({ hasText: agentName })).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Urgent' })).toHaveCount(2);
  // The list was drawn anew: nothing is picked any more.
  await expect(bar).toBeHidden();

  const agent = await newUser(browser);
  await signIn(agent.page, agentEmail, 'first password', '/notifications');
  const told = agent.page.getByTestId('notifications').getByRole('link').filter({ hasText: batch });
  await expect(told).toHaveCount(2);
  await expect(told.first()).toContainText('gave you a ticket');
  await told.first().click();
  await expect(agent.page.getByTestId('ticket-subject')).toContainText(batch);
  await agent.context.close();
});

test('the inbox is worked from the keyboard: move, pick, assign, reply', async ({ page }, info) => {
  test.skip(!!info.project.use.hasTouch, 'a keyboard is a desktop thing');
  await signIn(page, OWNER.email, OWNER.password);
  const batch = uniqueName('Wrong size ');
  await ticketFor(page, `${batch} 1`);
  await ticketFor(page, `${batch} 2`);
  await page.goto(`/tickets?view=all&q=${encodeURIComponent(batch)}`);
  await hydrated(page);
  const rows = page.getByTestId('ticket-row');
  await expect(rows).toHaveCount(2);

  // j moves down, k up; the row under the cursor has the focus, so Enter would open it.
  await page.keyboard.press('j');
  await expect(rows.nth(0)).toHaveClass(/cursor/);
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveClass(/cursor/);
  await expect(rows.nth(1).getByRole('link')).toBeFocused();
  // x picks the row; a goes to the assignee of the picked.
  await page.keyboard.press('x');
  await expect(rows.nth(1)).toHaveClass(/picked/);
  await page.keyboard.press('a');
  const assignee = page.getByTestId('bulk-bar').getByLabel('Assignee');
  await expect(assignee).toBeFocused();
  await assignee.selectOption({ label: OWNER.name });
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Apply to the picked' }).press('Enter');
  await expect(page.locator('.toast')).toContainText('Tickets changed: 1.');
  await expect(rows.filter({ hasText: OWNER.name })).toHaveCount(1);

  // / goes to the search; r opens the ticket under the cursor at its composer.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox')).toBeFocused();
  await page.getByRole('searchbox').press('Tab');
  await page.keyboard.press('k');
  await page.keyboard.press('r');
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]+#reply$/);
  const message = page.getByTestId('composer').getByLabel('Message');
  await expect(message).toBeFocused();
  // Typing in the composer is typing, not shortcuts.
  await page.keyboard.type('jkxar');
  await expect(message).toHaveValue('jkxar');
});

test('owners set the desk\'s hours, targets and holidays', async ({ page }, info) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/tickets');
  await hydrated(page);
  await page.getByRole('link', { name: 'Service hours and targets' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service hours and targets');
  const form = page.getByTestId('desk-form');
  await expect(form.getByLabel('Mon')).toBeChecked();
  await expect(form.getByLabel('Sun')).not.toBeChecked();
  await fits(page);
  // Both projects share one desk: the phone reads it, the desktop changes it.
  test.skip(!!info.project.use.hasTouch, 'one browser changes the shared desk');

  const normalFirst = form.getByLabel('Normal · First response');
  // A closing time before the opening time is refused in words, and nothing is kept.
  await form.getByLabel('Closes at').fill('08:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toContainText('Closing time must be later than opening time.');
  await form.getByLabel('Closes at').fill('18:00');
  await normalFirst.fill('half a day');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toContainText('Write hours as 4, 0.5 or 1:30');
  await normalFirst.fill('1:40');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('desk-form').getByLabel('Normal · First response')).toHaveValue('1:40');

  // A holiday, then gone again.
  const holidays = page.getByTestId('holidays');
  const name = uniqueName('Store anniversary ');
  await holidays.getByLabel('Day').fill('2031-10-08');
  await holidays.getByLabel('Name').fill(name);
  await holidays.getByRole('button', { name: 'Add holiday' }).click();
  const day = holidays.getByTestId('holiday').filter({ hasText: name });
  await expect(day).toContainText('2031-10-08');
  await day.getByRole('button', { name: 'Remove' }).click();
  await expect(day).toHaveCount(0);
  // Back to Banyan's target, for the other tests.
  await page.getByTestId('desk-form').getByLabel('Normal · First response').fill('4');
  await page.getByTestId('desk-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');
});

test('the service report counts tickets by priority and agent, on any screen', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/tickets/report?days=7');
  await hydrated(page);
  const tickets = page.getByTestId('report-tickets');
  const before = Number(await tickets.textContent());
  await ticketFor(page, uniqueName('Report check '));
  await page.goto('/tickets/report?days=7');
  await hydrated(page);
  expect(Number(await tickets.textContent())).toBeGreaterThan(before);
  await expect(page.getByTestId('report-priorities').locator('tbody tr')).toHaveCount(4);
  await expect(page.locator('#report-priorities-chart')).toHaveAttribute('data-drawn', 'true');
  await expect(page.getByTestId('report-agents')).toContainText('Unassigned');
  await expect(page.getByTestId('report-scores').locator('tbody tr')).toHaveCount(5);
  await expect(page.locator('#report-scores-chart')).toHaveAttribute('data-drawn', 'true');
  await fits(page);
  await page.getByTestId('report-spans').getByRole('link', { name: 'Last 90 days' }).click();
  await expect(page).toHaveURL(/days=90/);
  await expect(page.getByTestId('report-spans').getByRole('link', { name: 'Last 90 days' })).toHaveAttribute('aria-current', 'page');
  expect(Number(await tickets.textContent())).toBeGreaterThan(before);
});
