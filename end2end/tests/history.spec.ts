import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';
import type { Page } from '@playwright/test';

/** Creates a contact through the form, with a phone if given, and waits on its page. */
async function newContact(page: Page, name: string, phone?: string) {
  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (phone) await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  await hydrated(page);
}


test('a call takes two taps, a note a few words, and both land on the timeline', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await newContact(page, uniqueName('刘洋'));
  const history = page.getByTestId('history');
  await expect(history).toContainText('Nothing logged yet.');

  await history.getByText('Log a call').click();
  await history.getByTestId('log-call').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Logged');
  await expect(history.locator('.entry[data-kind="call"]')).toContainText('We reached out');
  await expect(history.locator('.entry[data-kind="call"]')).toContainText('by Wang Fang');
  await expect(history.getByTestId('log-call').getByRole('button', { name: 'Save' })).toBeHidden();

  await history.getByText('Add a note').click();
  const note = history.getByTestId('log-note');
  // A note is its text: the browser asks for it before anything is sent.
  await expect(note.getByLabel('Notes')).toHaveAttribute('required', '');
  await note.getByLabel('Notes').fill('Prefers WeChat.\nCall after 3 pm.');
  await note.getByRole('button', { name: 'Save' }).click();
  await expect(history.locator('.entry').first()).toContainText('Prefers WeChat.');
  await expect(history.locator('.entry')).toHaveCount(2);
});

test('the bar on a contact\'s page calls, offers to log the call, and reaches the forms and tasks', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const name = uniqueName('Zhou Min ');
  await newContact(page, name, '+86 138 0013 8002');

  const bar = page.getByTestId('contact-bar');
  const call = bar.getByRole('link', { name: 'Call', exact: true });
  await expect(call).toHaveAttribute('href', /^tel:\+86/);
  // There is no telephone here: the link's own navigation is held back, the page's part runs.
  await call.evaluate((a) => a.addEventListener('click', (e) => e.preventDefault()));
  await call.click();
  const prompt = page.getByTestId('call-prompt');
  await expect(prompt).toContainText(`Called ${name}?`);
  await prompt.getByRole('link', { name: 'Log a call' }).click();
  const save = page.getByTestId('log-call').getByRole('button', { name: 'Save' });
  await expect(save).toBeInViewport();
  await save.click();
  await expect(page.getByTestId('history').locator('.entry[data-kind="call"]')).toHaveCount(1);
  await expect(prompt).toBeHidden();

  // The bar stays at the top as the page scrolls under it; "Add task" goes to the tasks.
  await bar.getByRole('link', { name: 'Add task' }).click();
  await expect(page.getByTestId('record-tasks').getByRole('heading')).toBeInViewport();
  await expect(bar).toBeInViewport();
  await bar.getByRole('link', { name: 'Add a note' }).click();
  await expect(page.getByTestId('log-note').getByLabel('Notes')).toBeInViewport();
});

test('an order shows on the timeline and in the totals, and a refund takes it out', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await newContact(page, uniqueName('Grace Lin '));
  const orders = page.getByTestId('orders');
  await expect(orders).toContainText('No paid orders yet.');

  await orders.getByText('Add an order').click();
  const number = `SO-${Date.now()}${Math.floor(Math.random() * 1000)}`;
  await orders.getByLabel('Order number').fill(number);
  await expect(orders.getByLabel('Currency')).toHaveValue('USD');
  await orders.getByLabel('Currency').selectOption('CNY');
  await orders.getByLabel('Amount').fill('1,234.567');
  await orders.getByRole('button', { name: 'Save' }).click();
  await expect(orders.locator('.field.invalid')).toContainText('Write an amount such as 1,234.50.');
  await orders.getByLabel('Amount').fill('¥1,234.5');
  await orders.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Order added');
  await expect(orders.locator('.totals')).toContainText('CN¥1,234.50');
  await expect(orders.locator('.totals')).toContainText('Paid orders1');
  const entry = page.getByTestId('history').locator('.entry[data-kind="order"]');
  await expect(entry).toContainText(`Order ${number}`);

  // Paid, it can be refunded but no longer cancelled; refunded, it is no revenue.
  await expect(entry.getByRole('button', { name: 'Cancel order' })).toBeVisible();
  await entry.getByRole('button', { name: 'Refund' }).click();
  await expect(page.locator('.toast', { hasText: 'Order refunded' })).toBeVisible();
  await expect(entry.locator('.badge')).toHaveText('Refunded');
  await expect(entry.getByRole('button')).toHaveCount(0);
  await expect(orders).toContainText('No paid orders yet.');

  // Left empty, the number is made from the day.
  await orders.getByText('Add an order').click();
  await orders.getByLabel('Amount').fill('88');
  await orders.getByRole('button', { name: 'Save' }).click();
  await expect(entry).toHaveCount(2);
  await expect(entry.first()).toContainText(/Order \d{8}-[0-9A-F]{12}/);
});

test('logging works with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto('/contacts/new');
  const name = uniqueName('Chen Jing ');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);

  const history = page.getByTestId('history');
  await history.getByText('Add a note').click();
  await history.getByTestId('log-note').getByLabel('Notes').fill('Met at the trade fair.');
  await history.getByTestId('log-note').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('history').locator('.entry')).toContainText('Met at the trade fair.');
  await context.close();
});
