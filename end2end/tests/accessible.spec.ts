import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, signIn, hydrated, ticketFor, quickAdd, uniqueName, OWNER } from './fixtures';

/** What axe-core finds serious or critical on the page as it stands, one line each. */
async function barriers(page: Page) {
  await hydrated(page);
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Someone who reads with a screen reader, moves by keyboard or needs strong contrast works the
// screens of every day as anyone does.
test('the screens of every day have no serious barrier for assistive technology', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, OWNER.email, OWNER.password);
  const found: Record<string, string[]> = {};
  const check = async (name: string) => {
    found[name] = await barriers(page);
  };

  await check('Today');
  await page.goto('/contacts');
  await check('contacts');
  await ticketFor(page, uniqueName('Axe check '));
  await check('a ticket');
  await page.getByRole('main').getByRole('link', { name: /^Zhou Min/ }).first().click();
  await expect(page.getByTestId('contact')).toBeVisible();
  await check('a contact');
  await page.goto('/tickets');
  await check('the inbox');

  const title = uniqueName('Axe deal ');
  await page.goto(`/deals?q=${encodeURIComponent(title)}`);
  await hydrated(page);
  await quickAdd(page, title, '1200');
  await check('the board');
  await page.getByTestId('deal-card').filter({ hasText: title }).getByRole('link', { name: title }).click();
  await expect(page.getByRole('main')).toContainText(title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deal');
  await check('a deal');

  await page.goto('/analytics');
  await check('customer value');
  await page.goto('/campaigns');
  await check('campaigns');

  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
});
