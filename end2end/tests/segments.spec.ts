import { readFileSync } from 'node:fs';
import { test, expect, hydrated, signIn, OWNER } from './fixtures';
import { importShop } from './shop';

test('segments are scored and clustered in the browser, listed, exported and saved from a click', async ({ page }, info) => {
  const tag = `s${info.project.name}`;
  importShop(tag);
  await signIn(page, OWNER.email, OWNER.password, '/analytics/segments');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer segments');

  // On a phone the grid fits the card: the names are for screen readers, and a key says
  // which colour is which; on a desktop each cell names its segment.
  const grid = page.getByTestId('rfm-grid');
  if (info.project.use.hasTouch) {
    await expect(page.getByTestId('rfm-legend')).toBeVisible();
    await expect(page.getByTestId('rfm-legend')).toContainText('Champions');
    const spill = await grid.evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth);
    expect(spill).toBeLessThanOrEqual(0);
  } else {
    await expect(page.getByTestId('rfm-legend')).toBeHidden();
    await expect(grid.locator('.rfm-name').first()).toBeVisible();
  }
  await expect(grid.getByRole('button', { name: /Champions/ }).first()).toBeVisible();

  // Every scored customer sits in one cell of the grid.
  const customers = Number((await page.getByTestId('segments-customers').innerText()).match(/\d+/)?.[0]);
  expect(customers).toBeGreaterThanOrEqual(60);
  const cells = await page.locator('[data-testid="rfm-grid"] .rfm-count').allInnerTexts();
  expect(cells.reduce((sum, n) => sum + Number(n), 0)).toBe(customers);
  await expect(page.getByTestId('segments-took')).toContainText(/in \d+ ms/);
  await expect(page.locator('#segment-sizes')).toHaveAttribute('data-drawn', 'true');
  await expect(page.locator('#cluster-plane')).toHaveAttribute('data-drawn', 'true');

  // Features and the number of clusters are recomputed here, without a round trip.
  const profiles = page.getByTestId('cluster-profiles');
  await page.getByTestId('clusters-k').selectOption('3');
  await expect(profiles.locator('tbody tr')).toHaveCount(3);
  await page.getByLabel('Tickets').check();
  await expect(profiles.locator('thead')).toContainText('Tickets');
  await expect(profiles.locator('tbody tr')).toHaveCount(3);

  // The steady big buyer is a champion: open the segment, download it, save it.
  await page.getByTestId('segment-sizes').getByRole('button', { name: 'Champions' }).click();
  const picked = page.getByTestId('picked');
  await expect(picked.locator('h2')).toContainText('Champions:');
  await expect(page.getByTestId('picked-list')).toContainText(`${tag}客户0`);
  const download = page.waitForEvent('download');
  await page.getByTestId('picked-export').click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('id,name,r,f,m,segment');
  expect(csv).toContain(`${tag}客户0`);

  const save = page.getByTestId('picked-save');
  await save.getByLabel('Segment name').fill(`${tag} champions`);
  await save.getByRole('button', { name: 'Save as segment' }).click();
  await expect(page.getByTestId('picked-saved')).toContainText(`Saved “${tag} champions”`);
  // The same name again is refused in words, and nothing is saved twice.
  await save.getByRole('button', { name: 'Save as segment' }).click();
  await expect(save).toContainText('already');

  // A cluster is kept as the people in it.
  await profiles.getByRole('button', { name: 'Cluster 1' }).click();
  await expect(picked.locator('h2')).toContainText('Cluster 1:');
  await save.getByLabel('Segment name').fill(`${tag} cluster`);
  await save.getByRole('button', { name: 'Save as segment' }).click();
  await expect(page.getByTestId('picked-saved')).toContainText(`Saved “${tag} cluster”`);

  // Nothing is wider than the screen, phone included.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Saved segments list their members, who open in the contact list.
  await page.getByRole('link', { name: 'Saved segments' }).click();
  const saved = page.getByTestId('saved-segments');
  await expect(saved).toContainText(`${tag} champions`);
  await expect(saved).toContainText('RFM: Champions');
  await expect(saved).toContainText(`${tag} cluster`);
  await saved.getByRole('link', { name: new RegExp(`${tag} champions`) }).click();
  await expect(page).toHaveURL(/\/contacts\?segment=/);
  await expect(page.getByTestId('contacts')).toContainText(`${tag}客户0`);

  // A customer's page names the customers most like them.
  await page.getByTestId('contacts').getByRole('link', { name: new RegExp(`${tag}客户0`) }).click();
  await expect(page.getByTestId('alike').locator('tbody tr')).toHaveCount(5);
  // The page does not wait for them: the server sends the card without them, the browser
  // asks once the page is up.
  const html = await (await page.request.get(page.url())).text();
  const card = html.match(/data-testid="alike"[^]*?<\/section>/)?.[0] ?? '';
  expect(card, 'the card is on the page').not.toBe('');
  expect(card).not.toContain('<tbody');
});

test('the contact list saves its filters as a segment', async ({ page }, info) => {
  const tag = `f${info.project.name}`;
  importShop(tag);
  await signIn(page, OWNER.email, OWNER.password, `/contacts?q=${tag}`);
  await hydrated(page);
  await page.getByTestId('save-segment').locator('summary').click();
  await page.getByTestId('save-segment').getByLabel('Segment name').fill(`${tag} shoppers`);
  await page.getByTestId('save-segment').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Segment saved');
  await page.goto('/segments');
  const line = page.getByTestId('saved-segments').locator('li', { hasText: `${tag} shoppers` });
  await expect(line).toContainText('60 contacts');
  await expect(line).toContainText('Contact filters (1)');
});
