import { test, expect, hydrated, signIn, newUser, addTeammate, uniqueEmail, uniqueName, OWNER } from './fixtures';
import type { Page } from '@playwright/test';

/** Records a customer as the signed-in user; returns their name and page. */
async function newCustomer(page: Page, base: string) {
  const name = uniqueName(base);
  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  return { name, url: page.url() };
}

/** Opens a ticket from the customer's page, as a call taken at the desk. */
async function openTicket(page: Page, contactUrl: string, subject: string, body: string) {
  await page.goto(contactUrl);
  await hydrated(page);
  await page.getByTestId('contact-tickets').getByRole('link', { name: 'New ticket' }).click();
  const form = page.getByTestId('new-ticket');
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('What the customer needs').fill(body);
  return form;
}

test('an agent works a ticket from the inbox to solved with a canned reply and an internal note', async ({ page, browser }) => {
  // The owner takes on a support agent, and takes a customer's call.
  const owner = await newUser(browser);
  await signIn(owner.page, OWNER.email, OWNER.password);
  const agentName = uniqueName('Agent ');
  const agentEmail = uniqueEmail('agent');
  await addTeammate(owner.page, agentName, agentEmail, 'support');
  const { name: customer, url: contactUrl } = await newCustomer(owner.page, 'Chen Jing ');
  const subject = uniqueName('Kettle stopped heating ');
  const form = await openTicket(owner.page, contactUrl, subject, 'It stopped heating after a week.\nThe light still comes on.');
  await form.getByLabel('Priority').selectOption('high');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  const opened = owner.page.getByTestId('ticket-subject');
  await expect(opened).toContainText(subject);
  const number = (await opened.textContent())!.match(/#(\d+)/)![1];
  await expect(owner.page.getByTestId('ticket-status')).toHaveText('New');
  // A new ticket runs against its first-response target, and counts down to it.
  const targets = owner.page.getByTestId('sla');
  await expect(targets).toContainText('First response due');
  await expect(targets.getByTestId('sla-due')).toContainText('Due in');
  await owner.context.close();

  await signIn(page, agentEmail, 'first password');
  // An answer the desk gives often, kept once.
  const canned = uniqueName('Refund ');
  await page.goto('/tickets/canned');
  await hydrated(page);
  const add = page.getByTestId('new-canned');
  await add.getByLabel('Name').fill(canned);
  await add.getByLabel('Text').fill('Hello {{name}}, ticket {{ticket}} is refunded. {{agent}}');
  await add.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('canned-replies')).toContainText(canned);

  // The ticket waits, unread, among the unassigned; a search by number finds it.
  await page.goto(`/tickets?view=unassigned&q=%23${number}`);
  await hydrated(page);
  const row = page.getByTestId('ticket-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveClass(/unread/);
  await expect(row).toContainText('High');
  await expect(row.getByTestId('sla-due')).toContainText('Due in');
  // Opened today, it shows the time alone: the subject keeps the width, on a phone too.
  const when = row.locator('.row-when');
  await expect(when).toHaveText(/^\d{2}:\d{2}$/);
  const [whenBox, rowBox] = [await when.boundingBox(), await row.boundingBox()];
  expect(whenBox!.width).toBeLessThan(rowBox!.width / 4);
  await row.getByRole('link').click();
  const heading = page.getByTestId('ticket-subject');
  await expect(heading).toContainText(subject);
  await expect(page.getByTestId('message').first()).toContainText('The light still comes on.');

  // A note for colleagues first: it looks like a note and leaves the ticket new.
  const composer = page.getByTestId('composer');
  const message = composer.getByLabel('Message');
  await composer.getByLabel('Internal note (only colleagues see it)').check();
  await message.fill('Check the warranty first.');
  await composer.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('message').filter({ hasText: 'Check the warranty first.' });
  await expect(note).toHaveAttribute('data-kind', 'note');
  await expect(note).toContainText('internal note');
  await expect(message).toHaveValue('');
  await expect(page.getByTestId('ticket-status')).toHaveText('New');

  // Then the canned reply, filled in for this customer and ticket, sent as solved.
  await composer.getByTestId('canned-picker').selectOption({ label: canned });
  await expect(message).toHaveValue(`Hello ${customer}, ticket #${number} is refunded. ${agentName}`);
  // A placeholder typed by hand is filled too, never sent as typed.
  await message.fill(`${await message.inputValue()} Bye, {{first_name}}.`);
  await composer.getByLabel('Then set status').selectOption('solved');
  await composer.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('ticket-status')).toHaveText('Solved');
  // Answered and solved at once: both targets met, and no clock runs any more.
  await expect(page.getByTestId('sla')).not.toContainText('missed');
  await expect(page.getByTestId('sla').getByTestId('sla-due')).toHaveCount(0);
  const reply = page.getByTestId('message').last();
  await expect(reply).toHaveAttribute('data-kind', 'reply');
  await expect(reply).toContainText(`ticket #${number} is refunded`);
  await expect(reply).toContainText(`Bye, ${customer}.`);
  await expect(message).toHaveValue('');

  // Solved, it has left the unassigned view and reads as read.
  await page.goto(`/tickets?view=unassigned&q=%23${number}`);
  await hydrated(page);
  await expect(page.getByText('No tickets here.')).toBeVisible();
  await page.goto(`/tickets?view=solved&q=%23${number}`);
  await hydrated(page);
  await expect(row).toHaveCount(1);
  await expect(row).not.toHaveClass(/unread/);
});

test('a second agent who answers an outdated ticket is told, and keeps what they wrote', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const { name } = await newCustomer(page, 'Liu Yang ');
  // From the inbox: find who is asking, then say what they need.
  await page.goto('/tickets');
  await hydrated(page);
  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByLabel('Who is asking? Find the customer').fill(name);
  await page.getByLabel('Who is asking? Find the customer').press('Enter');
  await page.getByTestId('requesters').getByRole('link', { name: new RegExp(name) }).click();
  await expect(page.getByText(`Customer: ${name}`)).toBeVisible();
  const subject = uniqueName('Invoice title ');
  const form = page.getByTestId('new-ticket');
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('What the customer needs').fill('Please change the invoice title.');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect(page.getByTestId('ticket-subject')).toContainText(subject);
  const url = page.url();

  const other = await newUser(browser);
  await signIn(other.page, OWNER.email, OWNER.password, url);
  await hydrated(other.page);
  await other.page.getByTestId('composer').getByLabel('Message').fill('Done, see the new invoice.');
  await other.page.getByTestId('composer').getByRole('button', { name: 'Send reply' }).click();
  await expect(other.page.getByTestId('ticket-status')).toHaveText('Open');
  await other.context.close();

  const message = page.getByTestId('composer').getByLabel('Message');
  await message.fill('I will fix it today.');
  await page.getByTestId('composer').getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('composer').getByRole('alert')).toContainText('Someone else changed this record');
  // The colleague's answer is on screen now, and the draft is still there to send or drop.
  await expect(page.getByTestId('message').filter({ hasText: 'Done, see the new invoice.' })).toBeVisible();
  await expect(message).toHaveValue('I will fix it today.');
});
