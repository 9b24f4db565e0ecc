import { test, expect, signIn, OWNER } from './fixtures';

test('navigation sits where the screen size wants it', async ({ page }, testInfo) => {
  await signIn(page, OWNER.email, OWNER.password);
  const nav = await page.locator('.sidebar').boundingBox();
  const viewport = page.viewportSize();
  expect(nav && viewport).toBeTruthy();
  if (!nav || !viewport) return;
  if (testInfo.project.name === 'phone') {
    // A bar along the bottom edge, as wide as the screen.
    expect(nav.y + nav.height).toBeCloseTo(viewport.height, 0);
    expect(nav.width).toBeCloseTo(viewport.width, 0);
    await expect(page.locator('.brand')).toBeHidden();
  } else {
    // A sidebar down the left edge.
    expect(nav.x).toBe(0);
    expect(nav.height).toBeCloseTo(viewport.height, 0);
    await expect(page.locator('.brand')).toBeVisible();
  }
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the owner sees the owner\'s screens, and every screen fits a phone', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  for (const [link, heading] of [
    ['Deals', 'Deals'],
    ['Tasks', 'Tasks'],
    ['Value', 'Customer value'],
    ['Alerts', 'Notifications'],
    ['Users', 'Users'],
    ['Settings', 'Workspace settings'],
    ['Account', 'My account'],
    ['Home', 'System status'],
  ]) {
    await page.locator('.nav').getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow, `${heading} fits`).toBeLessThanOrEqual(0);
  }
});
