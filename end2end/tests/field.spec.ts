import { type Page } from '@playwright/test';
import { test, expect, uniqueName, quickAdd, teammateSignedIn } from './fixtures';

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
  expect(await keptDeals(rep.page)).toBeNull();
  await copy.getByRole('button', { name: 'Update now' }).click();
  await expect(held).toContainText('Deals 2');

  // Signing out takes the copy off the device.
  await rep.page.locator('.user-menu').getByRole('button', { name: 'Sign out' }).click();
  await expect(rep.page).toHaveURL(/\/login/);
  expect(await keptDeals(rep.page)).toBeNull();
  await rep.context.close();
});
