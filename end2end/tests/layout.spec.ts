import { test, expect, hydrated, signIn, OWNER, navigate } from './fixtures';

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
    ['Audit', 'Audit trail'],
    ['Account', 'My account'],
    ['Today', 'Today'],
  ]) {
    await navigate(page, link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(overflow, `${heading} fits`).toBeLessThanOrEqual(0);
  }
});

test('a phone\'s bar holds five places, and "More" the rest with the account and signing out', async ({ page }, testInfo) => {
  await signIn(page, OWNER.email, OWNER.password);
  const sheet = page.locator('.nav-sheet');
  const signOut = page.locator('.sidebar').getByRole('button', { name: 'Sign out' });
  if (testInfo.project.name !== 'phone') {
    // A sidebar has room for every place, the account and signing out.
    await expect(page.locator('.nav-more')).toBeHidden();
    for (const name of ['Today', 'Contacts', 'Settings', 'Alerts', 'Account']) {
      await expect(page.locator('.sidebar').getByRole('link', { name })).toBeVisible();
    }
    await expect(signOut).toBeVisible();
    return;
  }
  const places = page.locator('.nav > li');
  await expect(places).toHaveCount(5);
  for (const place of await places.all()) await expect(place).toBeVisible();
  await expect(sheet.getByRole('link', { name: 'Alerts' })).toBeHidden();
  await expect(signOut).toBeHidden();

  await page.locator('.nav-more label').click();
  for (const name of ['Contacts', 'Settings', 'Alerts', 'Account']) {
    await expect(sheet.getByRole('link', { name })).toBeVisible();
  }
  await expect(signOut).toBeVisible();
  // The sheet opens above the bar, which stays on the bottom edge, all within the screen.
  const viewport = page.viewportSize()!;
  const bar = (await page.locator('.nav').boundingBox())!;
  const opened = (await sheet.boundingBox())!;
  expect(bar.y + bar.height).toBeCloseTo(viewport.height, 0);
  expect(opened.y + opened.height).toBeLessThanOrEqual(bar.y + 1);
  expect(opened.y).toBeGreaterThanOrEqual(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Going to a screen folds it away.
  await sheet.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  await expect(sheet.getByRole('link', { name: 'Alerts' })).toBeHidden();
});

test('the first Tab offers to skip the navigation, and following it lands on the screen', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/deals');
  await hydrated(page);
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).not.toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // The next Tab stays on the screen instead of walking the navigation.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
});
