import { type Page } from '@playwright/test';
import { test, expect, uniqueName, quickAdd, teammateSignedIn, signIn, newUser, addTeammate, uniqueEmail, hydrated, column, OWNER } from './fixtures';

/** The offline copy's line in the account menu, opening "More" first on a phone. */
async function copyLine(page: Page) {
  const copy = page.getByTestId('field-copy');
  if (!(await copy.isVisible())) await page.locator('.nav-more label').click();
  await expect(copy).toBeVisible();
  return copy;
}

/** Folds "More" away on a phone, where it covers the screen. */
async function closeMore(page: Page) {
  if (await page.locator('#nav-more').isChecked()) await page.locator('.nav-more label').click();
}

/** The titles of the deals in this browser's offline copy, read from IndexedDB itself. */
async function keptDeals(page: Page): Promise<string[] | null> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    const name = names.find((n) => n.startsWith('banyan-'));
    if (!name) return null;
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const values: string[] = await new Promise((resolve, reject) => {
      const all = db.transaction('deals').objectStore('deals').getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    });
    db.close();
    return values.map((v) => JSON.parse(v).deal.title).sort();
  });
}

test('a rep’s deals are kept on the device, brought up to date, cleared, and gone at sign-out', async ({ page, browser }) => {
  const rep = await teammateSignedIn(page, browser, 'Field Rep', 'sales', '/deals');
  const first = uniqueName('Tea for the Lis ');
  await quickAdd(rep.page, first, '880');

  // A moment after the app opens, the copy is made without anyone asking.
  const copy = await copyLine(rep.page);
  const held = copy.getByTestId('field-copy-held');
  await expect(held).toContainText('Deals 1 · Contacts 0 · Tasks 0', { timeout: 15_000 });
  await expect(held).toContainText('updated');
  expect(await keptDeals(rep.page)).toEqual([first]);

  // Another deal, and the copy brought up to date by hand: only what changed comes.
  await closeMore(rep.page);
  const second = uniqueName('Chairs for the office ');
  await quickAdd(rep.page, second, '1200');
  await (await copyLine(rep.page)).getByRole('button', { name: 'Update now' }).click();
  await expect(held).toContainText('Deals 2');
  expect(await keptDeals(rep.page)).toEqual([first, second].sort());

  // Cleared, nothing is left on the device until the next update.
  await copy.getByRole('button', { name: 'Clear' }).click();
  await expect(held).toHaveText('Not on this device yet');
  expect(await keptDeals(rep.page)).toEqual([]);
  await copy.getByRole('button', { name: 'Update now' }).click();
  await expect(held).toContainText('Deals 2');

  // Signing out takes the copy off the device.
  await rep.page.locator('.user-menu').getByRole('button', { name: 'Sign out' }).click();
  await expect(rep.page).toHaveURL(/\/login/);
  expect(await keptDeals(rep.page)).toBeNull();
  await rep.context.close();
});

/** Moves a deal of the first column through its "Move" button's sheet. */
async function moveBySheet(page: Page, title: string, stage: string) {
  await column(page, 'Lead in').getByTestId('deal-card').filter({ hasText: title }).getByRole('button', { name: /Move/ }).click();
  await page.getByTestId('move-sheet').getByRole('button', { name: stage }).click();
}

/** A deal's card on the server, as the owner's board shows it. */
async function cardOnServer(page: Page, title: string) {
  await page.goto(`/deals?whose=everyone&q=${encodeURIComponent(title)}`);
  await hydrated(page);
  const card = page.getByTestId('deal-card').filter({ hasText: title });
  await expect(card).toHaveCount(1);
  return card;
}

/** The stage a deal is in on the server. */
async function stageOnServer(page: Page, title: string) {
  const card = await cardOnServer(page, title);
  return card.locator('xpath=ancestor::*[@data-testid="board-column"]').getAttribute('data-stage');
}

/** Opens a deal from its card and saves a new amount in its edit form. */
async function editAmount(page: Page, title: string, amount: string) {
  await page.getByRole('link', { name: title }).click();
  await page.getByTestId('deal').getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Amount').fill(amount);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('deal')).toContainText(`$${amount}.00`);
}

test('in the field: offline the phone moves deals, edits an amount, logs a call, adds a task, a contact and a deal; all go on reconnect, once, and clashes wait for a decision', async ({ page, browser, consoleErrors }, info) => {
  test.skip(!info.project.use.hasTouch, 'the phone, 375 × 667');
  test.setTimeout(120_000);
  // The owner at a desk, the rep on the phone.
  const desk = await newUser(browser);
  await signIn(desk.page, OWNER.email, OWNER.password);
  const email = uniqueEmail('field');
  await addTeammate(desk.page, 'Road Rep', email, 'sales');
  await signIn(page, email, 'first password', '/deals');
  await hydrated(page);
  const run = uniqueName('Field ');
  const [tea, chairs, desks] = ['tea', 'chairs', 'desks'].map((t) => `${run} ${t}`);
  for (const title of [tea, chairs, desks]) await quickAdd(page, title, '100');
  const customer = `${run} Zhao Lei`;
  await page.goto('/contacts/new');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill(customer);
  await page.getByLabel('Owner').selectOption({ label: 'Road Rep' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(customer);
  const contactPage = new URL(page.url()).pathname;
  await page.goto('/deals');
  await hydrated(page);
  const held = (await copyLine(page)).getByTestId('field-copy-held');
  await expect(held).toContainText('Deals 3 · Contacts 1', { timeout: 15_000 });
  await closeMore(page);

  // No network: the app opens from the phone itself, the board from its copy.
  await page.context().setOffline(true);
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(column(page, 'Lead in').getByTestId('deal-card')).toHaveCount(3);

  // Three moves, shown at once and counted as waiting.
  await moveBySheet(page, tea, 'Proposal');
  await moveBySheet(page, chairs, 'Proposal');
  await moveBySheet(page, desks, 'Proposal');
  await expect(page.getByTestId('sync-badge')).toHaveText('3 to send');
  await expect(column(page, 'Lead in').getByTestId('deal-card')).toHaveCount(0);

  // A new amount, saved on the phone and shown at once.
  await page.getByTestId('stage-tabs').getByRole('button', { name: 'Proposal' }).click();
  await editAmount(page, tea, '150');
  await expect(page.getByTestId('sync-badge')).toHaveText('4 to send');

  // A call logged with a customer, and a task added, shown at once and waiting with the rest.
  await page.goto(contactPage);
  await hydrated(page);
  const history = page.getByTestId('history');
  await history.getByText('Log a call').click();
  await history.getByTestId('log-call').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Logged');
  await expect(history.locator('.entry[data-kind="call"]')).toContainText('by Road Rep');
  await expect(page.getByTestId('sync-badge')).toHaveText('5 to send');
  const task = `${run} send the samples`;
  await page.goto('/tasks');
  await hydrated(page);
  const add = page.getByTestId('new-task');
  await add.getByLabel('Task', { exact: true }).fill(task);
  await add.getByLabel('Due').fill('2020-02-03T10:00');
  await add.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task })).toBeVisible();
  await expect(page.getByTestId('sync-badge')).toHaveText('6 to send');

  // Today, from the device too: the task overdue, the deals closing.
  await page.goto('/');
  await hydrated(page);
  await expect(page.getByTestId('today-tasks')).toContainText(task);

  // A new customer met on the road, and a deal for them on the board.
  await page.goto('/contacts');
  await hydrated(page);
  await expect(page.getByRole('link', { name: customer })).toBeVisible();
  await page.getByRole('link', { name: 'New contact' }).click();
  const met = `${run} Qian Wei`;
  await page.getByLabel('Name', { exact: true }).fill(met);
  await page.getByLabel('Owner').selectOption({ label: 'Road Rep' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('contact').getByRole('heading')).toHaveText(met);
  await expect(page.getByTestId('sync-badge')).toHaveText('7 to send');
  await page.goto('/deals');
  await hydrated(page);
  const lamps = `${run} lamps`;
  await quickAdd(page, lamps, '60');
  await expect(page.getByTestId('sync-badge')).toHaveText('8 to send');

  // Meanwhile at the desk, the same amount changes, and one of those deals goes elsewhere.
  await cardOnServer(desk.page, tea);
  await editAmount(desk.page, tea, '120');
  await desk.page.goto(`/deals?whose=everyone&q=${encodeURIComponent(desks)}`);
  await hydrated(desk.page);
  await column(desk.page, 'Lead in').getByTestId('deal-card').getByRole('button', { name: /Move/ }).click();
  await desk.page.getByTestId('move-sheet').getByRole('button', { name: 'Negotiation' }).click();
  await expect(column(desk.page, 'Negotiation').getByTestId('deal-card')).toHaveCount(1);

  // A reload while offline keeps what waits, and the board as the rep left it.
  await page.goto('/deals');
  await hydrated(page);
  await expect(page.getByTestId('sync-badge')).toHaveText('8 to send');
  await page.getByTestId('stage-tabs').getByRole('button', { name: 'Proposal' }).click();
  await expect(column(page, 'Proposal').getByTestId('deal-card').filter({ hasText: run })).toHaveCount(3);

  // Back in signal: the moves go, in order, and the clash waits for the rep.
  const replay = page.waitForResponse((r) => r.url().includes('/api/sync_writes') && r.ok());
  await page.context().setOffline(false);
  const replayed = await replay;
  // The browser logs each request that found no network (counts, sending); nothing else.
  const disconnected = 'Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  expect(consoleErrors).toContain(disconnected);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => e !== disconnected));
  const [sent, answer] = [replayed.request(), await replayed.json()];
  await expect(page.getByTestId('sync-badge')).toHaveText('2 to decide');
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  expect(await stageOnServer(desk.page, tea)).toBe('Proposal');
  expect(await stageOnServer(desk.page, chairs)).toBe('Proposal');
  expect(await stageOnServer(desk.page, desks)).toBe('Negotiation');
  await expect(await cardOnServer(desk.page, tea)).toContainText('$120.00');
  await desk.page.goto(contactPage);
  await expect(desk.page.getByTestId('history').locator('.entry[data-kind="call"]')).toContainText('by Road Rep');
  expect(await stageOnServer(desk.page, lamps)).toBe('Lead in');
  await desk.page.goto(`/contacts?q=${encodeURIComponent(met)}`);
  await expect(desk.page.getByRole('link', { name: met })).toHaveCount(1);

  // The list shows both values of each clash and who set the server's.
  await page.getByTestId('sync-badge').click();
  const moved = page.getByTestId('conflict').filter({ hasText: desks });
  await expect(moved.getByTestId('mine')).toHaveText('Proposal');
  await expect(moved.getByTestId('theirs')).toContainText('Negotiation');
  await expect(moved.getByTestId('theirs')).toContainText(OWNER.name);
  const priced = page.getByTestId('conflict').filter({ hasText: tea });
  await expect(priced).toContainText('the amount was changed on the server too');
  await expect(priced.getByTestId('mine')).toHaveText('$150.00');
  await expect(priced.getByTestId('theirs')).toContainText('$120.00');

  // The desk's amount stays; the phone's stage goes over the desk's.
  await priced.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(page.getByTestId('sync-badge')).toHaveText('1 to decide');
  await moved.getByRole('button', { name: 'Keep mine' }).click();
  await expect(page.getByTestId('sync-decisions')).toContainText('Nothing needs your decision.');
  await expect(page.getByTestId('sync-badge')).toHaveCount(0);
  expect(await stageOnServer(desk.page, desks)).toBe('Proposal');
  await expect(await cardOnServer(desk.page, tea)).toContainText('$120.00');

  await page.goto('/tasks');
  await expect(page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task })).toHaveCount(1);

  // The same writes sent again (a lost answer, a second tab) get their first answers and
  // change nothing.
  const again = await page.request.post(sent.url(), { headers: sent.headers(), data: sent.postData()! });
  expect(await again.json()).toEqual(answer);
  expect(await stageOnServer(desk.page, desks)).toBe('Proposal');
  expect(await stageOnServer(desk.page, tea)).toBe('Proposal');
  await expect(await cardOnServer(desk.page, tea)).toContainText('$120.00');
  await desk.page.goto(contactPage);
  await expect(desk.page.getByTestId('history').locator('.entry[data-kind="call"]')).toHaveCount(1);
  expect(await stageOnServer(desk.page, lamps)).toBe('Lead in');
  await desk.page.goto(`/contacts?q=${encodeURIComponent(met)}`);
  await expect(desk.page.getByRole('link', { name: met })).toHaveCount(1);
  await page.goto('/tasks');
  await expect(page.getByTestId('tasks-overdue').getByTestId('task').filter({ hasText: task })).toHaveCount(1);
  await desk.context.close();
});

test('with the app closed, the service worker sends what waits once the network is back', async ({ page, browser, baseURL }) => {
  const rep = await teammateSignedIn(page, browser, 'Night Rep', 'sales', '/deals');
  const title = uniqueName('Sent while closed ');
  await quickAdd(rep.page, title, '75');
  await expect((await copyLine(rep.page)).getByTestId('field-copy-held')).toContainText('Deals 1', { timeout: 15_000 });
  await closeMore(rep.page);

  await rep.context.setOffline(true);
  await moveBySheet(rep.page, title, 'Proposal');
  await expect(rep.page.getByTestId('sync-badge')).toHaveText('1 to send');

  // The browser's own view of the worker, from a tab that is not the app.
  const other = await rep.context.newPage();
  const cdp = await rep.context.newCDPSession(other);
  const registrations: string[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const r of updated) if (r.scopeURL.startsWith(baseURL!) && !r.isDeleted) registrations.push(r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => registrations.length).toBeGreaterThan(0);

  // The app closed, the network back: the browser wakes the worker, which sends the move.
  await rep.page.close();
  await rep.context.setOffline(false);
  await cdp.send('ServiceWorker.dispatchSyncEvent', {
    origin: new URL(baseURL!).origin,
    registrationId: registrations[0],
    tag: 'banyan-queue',
    lastChance: false,
  });
  await expect
    .poll(async () => stageOnServer(page, title), { timeout: 15_000 })
    .toBe('Proposal');
  await rep.context.close();
});
