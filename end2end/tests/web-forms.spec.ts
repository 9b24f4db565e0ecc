import { test, expect, hydrated, signIn, OWNER, uniqueName } from './fixtures';

test('a web form pasted into another site brings a lead in, and keeps robots out', async ({ page, browser }) => {
  const formName = uniqueName('Fair');
  const lead = uniqueName('Lead');
  await signIn(page, OWNER.email, OWNER.password, '/settings');
  await hydrated(page);
  const forms = page.getByTestId('web-forms');
  await forms.getByLabel('Name').fill(formName);
  await forms.getByLabel('Tag for the contacts it brings').fill('fair');
  await forms.getByRole('button', { name: 'Add a web form' }).click();
  const card = forms.locator('article', { hasText: formName });
  const snippet = await card.locator('pre.snippet').innerText();
  expect(snippet).toContain('/f/');

  // The business's website, on another origin, with the snippet pasted in.
  const visitor = await browser.newContext();
  const site = await visitor.newPage();
  await site.setContent(`<html><body><h1>Our shop</h1>${snippet}</body></html>`);
  await site.getByPlaceholder('Name / 姓名').fill(lead);
  await site.getByPlaceholder('Email / 邮箱').fill(`${lead.toLowerCase()}@example.cn`);
  await site.getByPlaceholder('Message / 留言').fill('Do you ship to Suzhou?');
  await site.getByRole('checkbox').check();
  await site.getByRole('button', { name: 'Send / 提交' }).click();
  await expect(site.getByRole('heading', { name: 'Thank you' })).toBeVisible();

  // A robot fills every field, the hidden one too: thanked, and forgotten.
  await site.setContent(`<html><body>${snippet}</body></html>`);
  await site.getByPlaceholder('Name / 姓名').fill(`${lead} robot`);
  await site.getByPlaceholder('Email / 邮箱').fill(`robot.${lead.toLowerCase()}@example.cn`);
  await site.locator('input[name=website]').fill('http://spam.example');
  await site.getByRole('button', { name: 'Send / 提交' }).click();
  await expect(site.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await visitor.close();

  await page.goto(`/contacts?q=${encodeURIComponent(lead)}`);
  await hydrated(page);
  const rows = page.getByTestId('contacts').locator('li');
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('contact')).toContainText('Website');
  await expect(page.getByTestId('contact')).toContainText('fair');
  await expect(page.getByText('Do you ship to Suzhou?')).toBeVisible();
});

test('the support contact form on a website opens tickets in the inbox', async ({ page, browser }) => {
  const formName = uniqueName('Support form ');
  const visitorName = uniqueName('Visitor ');
  const subject = uniqueName('The kettle stopped heating ');
  await signIn(page, OWNER.email, OWNER.password, '/settings');
  await hydrated(page);
  const forms = page.getByTestId('web-forms');
  await forms.getByLabel('Name').fill(formName);
  await forms.getByLabel('Messages open a ticket in the inbox (a support contact form)').check();
  await forms.getByRole('button', { name: 'Add a web form' }).click();
  const card = forms.locator('article', { hasText: formName });
  await expect(card).toContainText('opens tickets');
  const snippet = await card.locator('pre.snippet').innerText();

  const visitor = await browser.newContext();
  const site = await visitor.newPage();
  await site.setContent(`<html><body><h1>Help</h1>${snippet}</body></html>`);
  await site.getByPlaceholder('Name / 姓名').fill(visitorName);
  await site.getByPlaceholder('Email / 邮箱').fill(`${visitorName.replace(/\s/g, '').toLowerCase()}@example.cn`);
  await site.getByPlaceholder('Message / 留言').fill(`${subject}\nThe light still comes on.`);
  await site.getByRole('button', { name: 'Send / 提交' }).click();
  await expect(site.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await visitor.close();

  // The message waits in the inbox as a ticket from the web, with the first line as subject.
  await page.goto(`/tickets?view=unassigned&q=${encodeURIComponent(subject)}`);
  await hydrated(page);
  const row = page.getByTestId('ticket-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(visitorName);
  await row.getByRole('link').click();
  await expect(page.getByTestId('ticket-subject')).toContainText(subject);
  await expect(page.locator('.ticket-head')).toContainText('Web form');
  await expect(page.getByTestId('message').first()).toContainText('The light still comes on.');
});
