import { test, expect, addTeammate, hydrated, newUser, signIn, uniqueEmail, OWNER } from './fixtures';

test('the owner adds a teammate, who signs in, and deactivating them throws them out', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('li.na');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '李娜', email, 'sales');
  const row = page.getByTestId('users').locator('li', { hasText: email });
  await expect(row).toContainText('李娜');

  const teammate = await newUser(browser);
  await signIn(teammate.page, email, 'first password', '/account');
  await expect(teammate.page.locator('main')).toContainText('Sales');
  // A sales rep has no user administration in the navigation.
  await expect(teammate.page.locator('.sidebar')).not.toContainText('Users');

  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  await teammate.page.goto('/account');
  await expect(teammate.page).toHaveURL(/\/login/);
  await teammate.context.close();
});

test('a sales rep cannot open user administration', async ({ page, browser }) => {
  const email = uniqueEmail('zhao.lei');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '赵磊', email);

  const rep = await newUser(browser);
  await signIn(rep.page, email, 'first password');
  await rep.page.goto('/users');
  await expect(rep.page.getByRole('alert')).toContainText('You do not have permission to do that.');
  await rep.context.close();
});

test('an invited teammate chooses a password through the link, which then stops working', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('chen.chen');
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/users');
  await hydrated(page);
  const add = page.getByTestId('add-teammate');
  await add.getByLabel('Name').fill('陈晨');
  await add.getByLabel('Email').fill(email);
  await add.getByLabel('Role').selectOption('support');
  await add.getByRole('button', { name: 'Add teammate' }).click();
  const link = page.locator('.link-box input');
  await expect(link).toHaveValue(/\/join\?token=/);
  await expect(page.locator('.link-box')).toContainText('Send this link to 陈晨');
  await expect(page.getByTestId('users').locator('li', { hasText: email })).toContainText('Invited');
  const url = await link.inputValue();

  // Before the app loads (or with JavaScript off) the plain form does the job.
  const invited = await browser.newContext({ javaScriptEnabled: false });
  const invitedPage = await invited.newPage();
  await invitedPage.goto(url);
  await expect(invitedPage.locator('main')).toContainText(`Welcome, 陈晨. You will sign in to Banyan as ${email}.`);
  await invitedPage.getByLabel('New password').fill('chen chen password');
  await invitedPage.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(invitedPage.locator('.sidebar .nav')).toBeVisible();
  await invitedPage.goto('/account');
  await expect(invitedPage.locator('main')).toContainText('Support');
  await invited.close();

  const stranger = await newUser(browser);
  await stranger.page.goto(url);
  await expect(stranger.page.getByRole('alert')).toContainText('This link has expired or was already used.');
  await stranger.context.close();
});

test('a teammate who forgot their password gets a link from the owner', async ({ page, browser }) => {
  const email = uniqueEmail('sun.li');
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, '孙丽', email);
  const row = page.getByTestId('users').locator('li', { hasText: email });
  await row.getByRole('button', { name: 'Sign-in link' }).click();
  const url = await row.locator('.link-box input').inputValue();
  expect(url).toContain('/join?token=');

  const teammate = await newUser(browser);
  await teammate.page.goto(url);
  await hydrated(teammate.page);
  await teammate.page.getByLabel('New password').fill('short');
  await teammate.page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(teammate.page.locator('.field.invalid')).toContainText('at least 8');
  await teammate.page.getByLabel('New password').fill('sun li remembers now');
  await teammate.page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(teammate.page.locator('.sidebar .nav')).toBeVisible();
  await teammate.context.close();

  const again = await newUser(browser);
  await signIn(again.page, email, 'sun li remembers now');
  await again.context.close();
});

test('the owner makes a team with a lead, puts a rep in it, renames it and ends it', async ({ page }) => {
  const rep = uniqueEmail('team.rep');
  const lead = uniqueEmail('team.lead');
  const run = Date.now() % 100000;
  const name = `华东 ${run}`;
  // The phone runs this test at the same time: names of its own keep the choices apart.
  const [leadName, repName] = [`孙丽 ${run}`, `周杰 ${run}`];
  await signIn(page, OWNER.email, OWNER.password);
  await addTeammate(page, leadName, lead, 'manager');
  await addTeammate(page, repName, rep, 'sales');

  const teams = page.getByTestId('teams');
  const add = page.getByTestId('add-team');
  await add.getByLabel('Team name').fill(name);
  await add.getByLabel('Lead').selectOption({ label: leadName });
  await add.getByRole('button', { name: 'Add team' }).click();
  await expect(page.locator('.toast', { hasText: `Team added · ${name}` })).toBeVisible();
  const team = teams.locator('li', { has: page.locator(`input[value="${name}"]`) });
  await expect(team).toContainText('No one yet');
  await expect(team.getByLabel('Lead')).toHaveValue(/.+/);

  // The rep's team is chosen, and before it is saved, the refused second team of the same name
  // makes the page read the lists again: the choice not saved yet stays.
  const row = page.getByTestId('users').locator('li', { hasText: rep });
  await row.getByLabel('Team').selectOption({ label: name });
  const reread = page.waitForResponse((r) => r.url().includes('/api/list_teams'));
  await add.getByLabel('Team name').fill(name);
  await add.getByRole('button', { name: 'Add team' }).click();
  await expect(add).toContainText('already');
  await reread;
  await expect(row.getByLabel('Team')).not.toHaveValue('');
  await row.locator('form', { has: page.getByLabel('Team') }).getByRole('button', { name: 'Save' }).click();
  // The lead's choices name every teammate too: only the members line says who is in it.
  const members = (card: typeof team) => card.locator('p.muted');
  await expect(members(team)).toContainText(repName);
  await expect(row.getByLabel('Team')).toHaveValue(/.+/);

  const renamed = `${name} 二组`;
  await team.getByLabel('Team name').fill(renamed);
  await expect(team.getByLabel('Team name')).toHaveValue(renamed);
  await team.getByRole('button', { name: 'Save' }).click();
  const after = teams.locator('li', { has: page.locator(`input[value="${renamed}"]`) });
  await expect(members(after)).toContainText(repName);

  await after.getByRole('button', { name: 'Delete team' }).click();
  await expect(page.locator('.toast', { hasText: 'Team deleted' })).toBeVisible();
  await expect(after).toHaveCount(0);
  await expect(row.getByLabel('Team')).toHaveValue('');
});
