import { test, expect, hydrated, signIn, newUser, addTeammate, uniqueEmail, OWNER, uniqueName, navigate, column, quickAdd } from './fixtures';
import type { Page } from '@playwright/test';

/** Opens the board narrowed to one test's deals, so other tests' cards never interfere. */
async function board(page: Page, title: string) {
  await page.goto(`/deals?q=${encodeURIComponent(title)}`);
  await hydrated(page);
  await expect(page.getByTestId('board')).toBeVisible();
}

/** Moves the deal in Lead in to `stage` through the "Move" button's sheet. */
async function moveBySheet(page: Page, stage: string) {
  await column(page, 'Lead in').getByTestId('deal-card').getByRole('button', { name: /Move/ }).click();
  await page.getByTestId('move-sheet').getByRole('button', { name: stage }).click();
}

/** The server's answer to the next move. A card moves before the server answers, and leaving
 *  the page sooner would cancel the request: tests that reload after a move wait for it. */
function moveSaved(page: Page) {
  return page.waitForResponse((r) => r.url().includes('/api/move_deal') && r.ok());
}

/** Turns a phone's board to `stage` by its tab; a wider screen shows every stage. */
async function showStage(page: Page, stage: string) {
  const tabs = page.getByTestId('stage-tabs');
  if (await tabs.isVisible()) await tabs.getByRole('button', { name: stage }).click();
}

async function expectFigures(page: Page, stage: string, count: string, total: string) {
  await expect(column(page, stage).getByTestId('column-count')).toHaveText(count);
  await expect(column(page, stage).getByTestId('column-total')).toHaveText(total);
}

test('a card dragged to the next column carries its amount into that column', async ({ page }, info) => {
  test.skip(!!info.project.use.hasTouch, 'mouse drag and drop is the desktop way; phones use a long press or the move sheet');
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Drag deal ');
  await board(page, title);
  await quickAdd(page, title, '1,000');
  await expectFigures(page, 'Lead in', '1', '$1,000.00');
  await expectFigures(page, 'Qualified', '0', '$0.00');

  const saved = moveSaved(page);
  await column(page, 'Lead in').getByTestId('deal-card').dragTo(column(page, 'Qualified'));
  await expect(column(page, 'Qualified').getByTestId('deal-card')).toContainText(title);
  await expectFigures(page, 'Lead in', '0', '$0.00');
  await expectFigures(page, 'Qualified', '1', '$1,000.00');
  await expect(column(page, 'Qualified')).toContainText('Weighted $250.00 at 25%');

  // The server agreed: the move is still there after a reload.
  await saved;
  await board(page, title);
  await expectFigures(page, 'Qualified', '1', '$1,000.00');
});

test('in a column of several cards, each drag moves the card pressed, one after another', async ({ page }, info) => {
  test.skip(!!info.project.use.hasTouch, 'mouse drag and drop is the desktop way');
  await signIn(page, OWNER.email, OWNER.password);
  const tag = uniqueName('Drag ');
  await board(page, tag);
  for (const n of [1, 2, 3, 4, 5]) await quickAdd(page, `${tag} ${n}`, '10');
  // Pressed near its top edge, the second card each time, the next drag begun before the
  // server has answered the last.
  const moved: string[] = [];
  for (let round = 0; round < 4; round++) {
    const card = column(page, 'Lead in').getByTestId('deal-card').nth(1);
    moved.push((await card.getByRole('link').innerText()).trim());
    const from = (await card.boundingBox())!;
    const to = (await column(page, 'Qualified').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 6);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + 10, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + 100, { steps: 10 });
    await page.mouse.up();
  }
  const qualified = column(page, 'Qualified').getByTestId('deal-card');
  await expect(qualified).toHaveCount(4);
  for (const title of moved) await expect(qualified.filter({ hasText: title })).toHaveCount(1);
});

test('a deal moves on a phone through the move sheet', async ({ page }, info) => {
  test.skip(!info.project.use.hasTouch, 'the touch viewport of 375 × 667');
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Phone deal ');
  await board(page, title);
  await quickAdd(page, title, '88');
  await column(page, 'Lead in').getByTestId('deal-card').getByRole('button', { name: /Move/ }).tap();
  const sheet = page.getByTestId('move-sheet');
  await expect(sheet).toBeVisible();
  const saved = moveSaved(page);
  await sheet.getByRole('button', { name: 'Proposal' }).tap();
  await expect(sheet).toBeHidden();
  await expectFigures(page, 'Proposal', '1', '$88.00');
  await saved;
  await board(page, title);
  await expect(column(page, 'Proposal').getByTestId('deal-card')).toContainText(title);
});

test('a move says where the deal went, and "Undo" takes it back', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Undo deal ');
  await board(page, title);
  await quickAdd(page, title, '500');
  const saved = moveSaved(page);
  await moveBySheet(page, 'Proposal');
  await saved;
  const toast = page.locator('.toast').filter({ hasText: 'Moved to Proposal' });
  await expect(toast).toBeVisible();

  const back = moveSaved(page);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(toast).toBeHidden();
  await expectFigures(page, 'Lead in', '1', '$500.00');
  await expectFigures(page, 'Proposal', '0', '$0.00');
  // The server took it back too.
  await back;
  await board(page, title);
  await expect(column(page, 'Lead in').getByTestId('deal-card')).toContainText(title);

  // Pressed after leaving the board, Undo does nothing, and breaks nothing.
  const again = moveSaved(page);
  await moveBySheet(page, 'Qualified');
  await again;
  const late = page.locator('.toast').filter({ hasText: 'Moved to Qualified' });
  await expect(late).toBeVisible();
  await navigate(page, 'Today');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Today');
  await late.getByRole('button', { name: 'Undo' }).click();
  await board(page, title);
  await expect(column(page, 'Qualified').getByTestId('deal-card')).toContainText(title);
});

test('a phone shows one stage at a time, picked by its tab', async ({ page }, info) => {
  test.skip(!info.project.use.hasTouch, 'the touch viewport of 375 × 667');
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Tabbed deal ');
  await board(page, title);
  await quickAdd(page, title, '12');
  const tab = (stage: string) => page.getByTestId('stage-tabs').getByRole('button', { name: stage });
  await expect(tab('Lead in')).toHaveAttribute('aria-pressed', 'true');
  await expect(tab('Lead in')).toContainText('1');
  await expect(column(page, 'Lead in')).toBeVisible();
  await expect(column(page, 'Qualified')).toBeHidden();
  // The column fills the screen's width, not a sliver of a sideways strip.
  expect((await column(page, 'Lead in').boundingBox())!.width).toBeGreaterThan(330);

  await tab('Qualified').tap();
  await expect(tab('Qualified')).toHaveAttribute('aria-pressed', 'true');
  await expect(column(page, 'Qualified')).toBeVisible();
  await expect(column(page, 'Lead in')).toBeHidden();
  await tab('Lost').tap();
  await expect(column(page, 'Lost')).toBeVisible();

  // A move by the sheet leaves the stage on screen, and the tabs count the deal where it went.
  await tab('Lead in').tap();
  const saved = moveSaved(page);
  await moveBySheet(page, 'Proposal');
  await saved;
  await expect(tab('Proposal')).toContainText('1');
  await expect(column(page, 'Lead in')).toBeVisible();
  await expect(column(page, 'Lead in').getByTestId('deal-card')).toHaveCount(0);
});

test('a long press lifts a card on a phone, to the next stage at the edge or onto a tab', async ({ page }, info) => {
  test.skip(!info.project.use.hasTouch, 'the touch viewport of 375 × 667');
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Touch deal ');
  await board(page, title);
  await quickAdd(page, title, '77');
  // Real touch events through the browser's input pipeline, as a finger makes them.
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  const ghost = page.getByTestId('touch-ghost');
  const tab = (stage: string) => page.getByTestId('stage-tabs').getByRole('button', { name: stage });
  const card = page.getByTestId('deal-card').filter({ hasText: title });

  // A finger that moves at once is scrolling: nothing is lifted, even after the hold time.
  let box = (await card.boundingBox())!;
  await touch('touchStart', box.x + 20, box.y + box.height / 2);
  await touch('touchMove', box.x + 20, box.y + box.height / 2 + 30);
  await page.waitForTimeout(700);
  await expect(ghost).toHaveCount(0);
  await touch('touchEnd');
  await expectFigures(page, 'Lead in', '1', '$77.00');

  // Held still, the card lifts and its title follows the finger.
  box = (await card.boundingBox())!;
  const y = box.y + box.height / 2;
  await touch('touchStart', box.x + 20, y);
  await page.waitForTimeout(600);
  await expect(ghost).toHaveText(title);
  // Resting at the right edge turns to the next stage; the finger then drops the card in it.
  for (const x of [120, 240, 370]) await touch('touchMove', x, y);
  // Soon, before the next wait at the edge turns on again.
  await expect.poll(() => tab('Qualified').getAttribute('aria-pressed'), { intervals: [50] }).toBe('true');
  await touch('touchMove', 150, y);
  await expect(column(page, 'Qualified')).toHaveClass(/drop-target/);
  let saved = moveSaved(page);
  await touch('touchEnd');
  await expect(ghost).toHaveCount(0);
  await expectFigures(page, 'Qualified', '1', '$77.00');
  await expectFigures(page, 'Lead in', '0', '$0.00');
  await saved;

  // Carried onto a stage's tab, the card goes to the top of that stage.
  box = (await card.boundingBox())!;
  await touch('touchStart', box.x + 20, box.y + box.height / 2);
  await page.waitForTimeout(600);
  await expect(ghost).toHaveText(title);
  const target = (await tab('Proposal').boundingBox())!;
  await touch('touchMove', target.x + target.width / 2, target.y + target.height / 2 + 5);
  await touch('touchMove', target.x + target.width / 2, target.y + target.height / 2);
  await expect(tab('Proposal')).toHaveClass(/drop-target/);
  saved = moveSaved(page);
  await touch('touchEnd');
  await expect(page.locator('.toast').filter({ hasText: 'Moved to Proposal' })).toBeVisible();
  await expectFigures(page, 'Proposal', '1', '$77.00');
  await saved;
  await board(page, title);
  await expect(column(page, 'Proposal').getByTestId('deal-card')).toContainText(title);
});

test('a deal moves by keyboard, and screen readers hear where it went', async ({ page }, info) => {
  test.skip(!!info.project.use.hasTouch, 'a keyboard is a desktop thing');
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Keyboard deal ');
  await board(page, title);
  await quickAdd(page, title, '500');
  const card = column(page, 'Lead in').getByTestId('deal-card');
  await card.focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('board-announce')).toContainText('Card picked up');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('board-announce')).toHaveText('Qualified, position 1 of 1.');
  await expect(column(page, 'Qualified').getByTestId('deal-card')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(column(page, 'Proposal').getByTestId('deal-card')).toBeFocused();
  const saved = moveSaved(page);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('board-announce')).toHaveText('Card dropped.');
  await expectFigures(page, 'Proposal', '1', '$500.00');
  // Escape puts a picked-up card back where it was.
  await column(page, 'Proposal').getByTestId('deal-card').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowLeft');
  await expect(column(page, 'Qualified').getByTestId('deal-card')).toBeFocused();
  await page.keyboard.press('Escape');
  await expectFigures(page, 'Proposal', '1', '$500.00');
  await saved;
  await board(page, title);
  await expect(column(page, 'Proposal').getByTestId('deal-card')).toContainText(title);
});

test('a lost deal asks why, and its page says so', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Lost deal ');
  await board(page, title);
  await quickAdd(page, title, '42');
  await moveBySheet(page, 'Lost');
  const dialog = page.getByTestId('reason-dialog');
  await expect(dialog).toContainText('Why was this deal lost?');
  await dialog.getByRole('textbox').fill('Chose a cheaper supplier');
  const saved = moveSaved(page);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expectFigures(page, 'Lost', '1', '$42.00');
  await saved;

  await showStage(page, 'Lost');
  await column(page, 'Lost').getByRole('link', { name: title }).click();
  const deal = page.getByTestId('deal');
  await expect(deal).toContainText('Chose a cheaper supplier');
  await expect(deal).toContainText('Lost');
  await expect(page.getByTestId('stage-history')).toContainText('Moved from Lead in to Lost');
  // What changed, field by field, for the owner who reads the audit trail.
  const changes = page.getByTestId('record-history');
  await expect(changes).toContainText('deal.move');
  await expect(changes).toContainText('Chose a cheaper supplier');
});

test('a move from a stale board is refused and says what changed', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Contested deal ');
  await board(page, title);
  await quickAdd(page, title, '7');

  // A second browser opens the same board, then the first moves the deal.
  const other = await newUser(browser);
  await signIn(other.page, OWNER.email, OWNER.password);
  await board(other.page, title);
  await moveBySheet(page, 'Qualified');
  await expectFigures(page, 'Qualified', '1', '$7.00');

  // The second still shows it in Lead in; its move is refused and the card goes back.
  await moveBySheet(other.page, 'Proposal');
  await expect(other.page.getByTestId('board-alert')).toContainText('changed');
  await expect(other.page.getByTestId('board-alert')).toContainText('It is now in Qualified');
  await expect(column(other.page, 'Qualified').getByTestId('deal-card')).toContainText(title);
  await expectFigures(other.page, 'Proposal', '0', '$0.00');
  await other.context.close();
});

test("a rep's board opens on their own deals", async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const email = uniqueEmail('board.rep');
  await addTeammate(page, uniqueName('Board Rep '), email, 'sales');
  const title = uniqueName('Whose deal ');
  await board(page, title);
  await expect(page.locator('#board-whose')).toHaveValue('everyone');
  await quickAdd(page, `${title} of the owner`, '5');

  const rep = await newUser(browser);
  await signIn(rep.page, email, 'first password');
  await board(rep.page, title);
  await expect(rep.page.locator('#board-whose')).toHaveValue('mine');
  await quickAdd(rep.page, `${title} of the rep`, '6');
  await board(rep.page, title);
  await expect(rep.page.getByTestId('deal-card')).toHaveCount(1);
  await expect(rep.page.getByTestId('deal-card')).toContainText('of the rep');
  // Everyone's deals are one choice away.
  await rep.page.goto(`/deals?q=${encodeURIComponent(title)}&whose=everyone`);
  await expect(rep.page.getByTestId('deal-card')).toHaveCount(2);
  await rep.context.close();
});

test('a mentioned teammate finds the comment under their notifications', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const name = uniqueName('Zhou Jie ');
  const email = uniqueEmail('zhou.jie');
  await addTeammate(page, name, email, 'sales');
  const title = uniqueName('Mention deal ');
  await board(page, title);
  await quickAdd(page, title, '10');
  await column(page, 'Lead in').getByRole('link', { name: title }).click();
  await hydrated(page);
  const comments = page.getByTestId('comments');
  await comments.getByRole('button', { name: `@${name}`, exact: true }).click();
  await comments.getByLabel('Add a comment').press('Control+End');
  await comments.getByLabel('Add a comment').pressSequentially('can you call them today?');
  await expect(comments.getByLabel('Add a comment')).toHaveValue(`@${name} can you call them today?`);
  await comments.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(comments.locator('.comment')).toContainText('can you call them today?');

  const teammate = await newUser(browser);
  await signIn(teammate.page, email, 'first password');
  await expect(teammate.page.getByTestId('badge-notifications')).toHaveText('1');
  await navigate(teammate.page, 'Alerts');
  const entry = teammate.page.getByTestId('notifications').locator('li').first();
  await expect(entry).toContainText(`${OWNER.name} mentioned you`);
  await expect(entry).toContainText('can you call them today?');
  await entry.getByRole('link').click();
  await expect(teammate.page.getByTestId('deal').getByRole('heading')).toHaveText(title);
  await teammate.context.close();
});

test('a task due on a deal shows as a reminder until it is done', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Task deal ');
  await board(page, title);
  await quickAdd(page, title, '10');
  await column(page, 'Lead in').getByRole('link', { name: title }).click();
  await hydrated(page);
  const tasks = page.getByTestId('record-tasks');
  const task = uniqueName('Call back ');
  await tasks.getByLabel('Task', { exact: true }).fill(task);
  await tasks.getByLabel('Due').fill('2020-01-06T09:30');
  await tasks.getByRole('button', { name: 'Add task' }).click();
  await expect(tasks.getByTestId('task').filter({ hasText: task })).toBeVisible();

  // The board's card shows it, the navigation counts it, "my tasks" lists it as overdue.
  await board(page, title);
  await expect(column(page, 'Lead in').getByTestId('deal-card')).toContainText('next task Jan 6, 2020');
  await expect(page.getByTestId('badge-tasks')).toBeVisible();
  await navigate(page, 'Tasks');
  const overdue = page.getByTestId('tasks-overdue');
  const row = overdue.getByTestId('task').filter({ hasText: task });
  await expect(row).toContainText(title);
  await row.getByRole('button', { name: 'Mark done' }).click();
  await expect(overdue.getByTestId('task').filter({ hasText: task })).toHaveCount(0);
});

test('the forecast weighs a deal by its stage and month, and says how it projects', async ({ page }, info) => {
  // Each project has its own month, so that the two never add to each other's row.
  const year = info.project.name === 'phone' ? '2032' : '2031';
  await signIn(page, OWNER.email, OWNER.password);
  const title = uniqueName('Forecast deal ');
  await board(page, title);
  await quickAdd(page, title, '400');
  await column(page, 'Lead in').getByRole('link', { name: title }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'Edit' }).click();
  await hydrated(page);
  await page.getByLabel('Expected close').fill(`${year}-05-20`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('deal')).toContainText(`May 20, ${year}`);

  await page.goto('/deals');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forecast', exact: true }).click();
  const weighted = page.getByTestId('forecast-weighted');
  // The only deal closing in that May: $400.00 at Lead in's 10%.
  const may = weighted.locator('tr', { hasText: `${year}-05` });
  await expect(may).toContainText('$400.00');
  await expect(may).toContainText('$40.00');
  await expect(page.getByTestId('forecast-projection')).toBeVisible();
  await expect(page.getByTestId('forecast-velocity')).toContainText('Win rate, last 12 months');

  // The funnel starts with every deal of the year, the one just added among them, and no
  // step keeps more than the one before.
  await expect(page.locator('#forecast-funnel-chart')).toHaveAttribute('data-drawn', 'true');
  const steps = page.getByTestId('forecast-funnel').getByTestId('funnel-step');
  await expect(steps.first().locator('th')).toHaveText('Lead in');
  await expect(steps.last().locator('th')).toHaveText('Won');
  await expect(steps.first().locator('td').nth(1)).toHaveText('100%');
  const counts = (await steps.locator('td:first-of-type').allInnerTexts()).map(Number);
  expect(counts[0]).toBeGreaterThanOrEqual(1);
  counts.slice(1).forEach((n, i) => expect(n).toBeLessThanOrEqual(counts[i]));
});

test('an owner adds a pipeline with its own stages', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/deals/pipelines');
  await hydrated(page);
  const editor = page.getByTestId('pipeline-editor').last();
  const name = uniqueName('Wholesale ');
  await editor.getByLabel('Name').fill(name);
  await editor.getByRole('button', { name: 'Add stage' }).click();
  const rows = editor.getByTestId('stage-row');
  await expect(rows).toHaveCount(4);
  await rows.nth(3).getByLabel('Stage').fill('Sample sent');
  await rows.nth(3).getByRole('button', { name: 'Move up' }).click();
  await rows.nth(2).getByRole('button', { name: 'Move up' }).click();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');

  await page.goto('/deals');
  await hydrated(page);
  await page.getByLabel('Pipeline').selectOption({ label: name });
  await page.getByRole('button', { name: 'Apply' }).click();
  const stages = page.getByTestId('board-column').locator('h2');
  await expect(stages).toHaveText(['Open', 'Sample sent', 'Won', 'Lost']);
});
