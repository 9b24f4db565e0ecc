import { test, expect, hydrated, navigate, signIn, OWNER, uniqueName } from './fixtures';
import { mailTo } from './mail';

test('an automation rule welcomes a web form lead once, and its run log says what it did', async ({ page, browser }, info) => {
  const tag = uniqueName(`auto${info.project.name}`).toLowerCase();
  const list = `${tag} web leads`;
  await signIn(page, OWNER.email, OWNER.password, '/');
  await navigate(page, 'Automation');
  await expect(page).toHaveURL(/\/automation$/);
  await page.getByRole('link', { name: 'New rule' }).click();
  await hydrated(page);

  // The conditions follow the trigger: a web form's is asked of new contacts only.
  const form = page.getByTestId('rule-form');
  const fromWebForm = form.getByLabel('The contact came in through a web form');
  await expect(fromWebForm).toBeHidden();
  await form.getByLabel('This happens').selectOption({ label: 'A contact is added' });
  await expect(fromWebForm).toBeVisible();
  await expect(form.getByLabel('Rating at most')).toBeHidden();
  await form.getByLabel('Name').fill(`${tag} welcome`);
  await fromWebForm.check();
  await form.getByLabel('The contact has the tag').fill(tag);

  // A rule that does nothing is refused in words; then it gets its actions.
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toContainText('This field is required.');
  await form.getByLabel('Add the contact to the list').fill(list);
  await form.getByLabel('Email the contact: subject').fill('Welcome, {{first_name}}');
  await form.getByLabel('Email text').fill('Hello {{name}}, {{owner_name}} will call you.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/automation\/[0-9a-f-]{36}$/);
  await hydrated(page);
  const log = page.getByTestId('run-log');
  await expect(log).toContainText('The rule has not run yet.');
  const rulePage = page.url();

  // A web form on the business's site, tagging what it brings.
  await page.goto('/settings');
  await hydrated(page);
  const forms = page.getByTestId('web-forms');
  await forms.getByLabel('Name').fill(`${tag} form`);
  await forms.getByLabel('Tag for the contacts it brings').fill(tag);
  await forms.getByLabel('Owner').selectOption({ label: OWNER.name });
  await forms.getByRole('button', { name: 'Add a web form' }).click();
  const snippet = await forms.locator('article', { hasText: `${tag} form` }).locator('pre.snippet').innerText();
  const lead = `${tag} Lead`;
  const email = `${tag}.lead@auto.test`;
  const visitor = await browser.newContext();
  const site = await visitor.newPage();
  await site.setContent(`<html><body>${snippet}</body></html>`);
  await site.getByPlaceholder('Name / 姓名').fill(lead);
  await site.getByPlaceholder('Email / 邮箱').fill(email);
  await site.getByRole('button', { name: 'Send / 提交' }).click();
  await expect(site.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await visitor.close();

  // The lead gets one welcome, written for them, through the real mail server.
  await expect.poll(() => mailTo(email).length, { timeout: 20_000 }).toBe(1);
  const welcome = mailTo(email)[0];
  expect(welcome.headers.get('subject')).toBe(`Welcome, ${lead}`);
  expect(welcome.text).toContain(`Hello ${lead}, ${OWNER.name} will call you.`);

  // The run log names the lead and what each action did.
  await page.goto(rulePage);
  await hydrated(page);
  await expect(log.locator('[data-run="done"]')).toHaveCount(1);
  await expect(log).toContainText(lead);
  await expect(log).toContainText(`Added to the list ${list}`);
  await expect(log).toContainText(`Email queued to ${email}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(wide).toBeLessThanOrEqual(0);

  // The list the rule started holds the lead.
  await page.goto('/segments');
  await hydrated(page);
  await expect(page.locator('li', { hasText: list })).toContainText('1');

  // Turned off, the rule says so in the list of rules.
  await page.goto(rulePage);
  await hydrated(page);
  await form.getByLabel('Rule is on').uncheck();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');
  await expect(form.getByLabel('Rule is on')).not.toBeChecked();
  await page.goto('/automation');
  await hydrated(page);
  const line = page.getByTestId('rules').locator('li', { hasText: `${tag} welcome` });
  await expect(line).toContainText('Off');
  await expect(line).toContainText('1 done, 0 failed');
});
