import { test, expect, hydrated, newUser, signIn, OWNER, uniqueName, navigate } from './fixtures';


test('on a phone the list\'s tools take three short lines, not the screen', async ({ page }, info) => {
  test.skip(!info.project.use.hasTouch, 'the 375 px phone');
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  const form = page.getByRole('search');
  const top = async (part: ReturnType<typeof form.locator>) => (await part.boundingBox())!.y;
  const search = await top(form.getByRole('searchbox'));
  expect(Math.abs(search - (await top(form.getByRole('button', { name: 'Search' }))))).toBeLessThan(8);
  const order = await top(form.getByRole('combobox', { name: 'Sort by' }));
  expect(order).toBeGreaterThan(search + 20);
  expect(Math.abs(order - (await top(form.locator('details.filters'))))).toBeLessThan(12);
  expect(Math.abs(order - (await top(form.getByText('Archived'))))).toBeLessThan(12);
  // Opened, the filters take the whole width below.
  await form.locator('details.filters summary').click();
  await expect(form.getByLabel('Stage')).toBeVisible();
});

test('create, find, edit, archive and restore a contact', async ({ page }) => {
  const name = uniqueName('张伟');
  await signIn(page, OWNER.email, OWNER.password, '/contacts');
  await page.getByRole('link', { name: 'New contact' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New contact');
  await hydrated(page);

  // Mistakes are shown beside their fields.
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone').fill('call me');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#field-phone-error')).toHaveText('This is not a valid phone number.');

  await page.getByLabel('Phone').fill('138 0013 8000');
  await page.getByLabel('Company').fill('上海榕树科技');
  await page.getByLabel('Stage').selectOption('prospect');
  await page.getByRole('button', { name: 'Save' }).click();
  const card = page.getByTestId('contact');
  await expect(card.getByRole('heading')).toHaveText(name);
  await expect(card).toContainText('+8613800138000');
  await expect(card).toContainText('Prospect');

  // Found by a part of the name and by the digits of the phone.
  await navigate(page, 'Contacts');
  await page.getByRole('searchbox').fill(name.slice(0, 4));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('contacts')).toContainText(name);
  await page.getByRole('link', { name: new RegExp(name) }).click();

  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('City').fill('杭州');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('杭州');

  await card.getByRole('button', { name: 'Archive' }).click();
  await expect(card.getByRole('heading')).toContainText('Archived');
  await page.goto(`/contacts?q=${encodeURIComponent(name)}`);
  await expect(page.getByText('No contacts match.')).toBeVisible();
  await page.goto(`/contacts?q=${encodeURIComponent(name)}&archived=true`);
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await card.getByRole('button', { name: 'Restore' }).click();
  await expect(card.getByRole('heading')).not.toContainText('Archived');
});

test('the contacts list and form work with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const name = uniqueName('Emily Chen ');
  await page.goto('/contacts/new');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Phone').fill('call me');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#field-phone-error')).toHaveText('This is not a valid phone number.');

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill('emily.chen@example.sg');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact')).toContainText('emily.chen@example.sg');

  await page.goto('/contacts');
  await page.getByRole('searchbox').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('contacts').locator('li')).toHaveCount(1);
  await context.close();
});

test('two people editing one contact: the later save shows the conflict', async ({ page, browser }) => {
  const name = uniqueName('李娜');
  await signIn(page, OWNER.email, OWNER.password, '/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(name);
  const editUrl = `${page.url()}/edit`;

  const other = await newUser(browser);
  await signIn(other.page, OWNER.email, OWNER.password, editUrl);
  await page.goto(editUrl);
  await hydrated(page);
  await hydrated(other.page);

  await page.getByLabel('City').fill('上海');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact')).toContainText('上海');

  await other.page.getByLabel('City').fill('北京');
  await other.page.getByRole('button', { name: 'Save' }).click();
  const conflict = other.page.getByTestId('conflict');
  await expect(conflict).toContainText('Someone else changed this record');
  await expect(conflict).toContainText('上海');
  // The late edit overwrote nothing.
  await page.reload();
  await expect(page.getByTestId('contact')).toContainText('上海');
  await other.context.close();
});
