import { createHmac } from 'node:crypto';
import { test, expect, hydrated, newUser, signIn, teammateSignedIn, uniqueName, OWNER } from './fixtures';
import type { Page } from '@playwright/test';

const STEP_MS = 30_000;

/** RFC 6238 as an authenticator app computes it: HMAC-SHA1 over the 30-second step. */
function totp(key: string, at: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of key.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const secret = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / STEP_MS)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** A code of a later step than `used`'s: a code is good once. */
async function freshCode(key: string, used: number): Promise<string> {
  const wait = (Math.floor(used / STEP_MS) + 1) * STEP_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 200));
  return totp(key, Date.now());
}

/** Email and password in a browser of its own; answers with the page at the code step. */
async function passwordStep(page: Page, email: string) {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('first password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
}

test('a teammate turns on two-factor sign-in, signs in with codes, and the owner can remove it', async ({
  page,
  browser,
}) => {
  // The app's code must change before it signs in again: up to one 30-second step of waiting.
  test.slow();
  const name = uniqueName('Gao Yan ');
  const { email, page: them, context } = await teammateSignedIn(page, browser, name, 'support', '/account');
  const card = them.getByTestId('two-factor');
  await expect(card).toContainText('Off: your password alone signs you in.');
  await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(card.getByTestId('qr').locator('svg')).toBeVisible();
  const key = (await card.getByTestId('secret-key').textContent())!.trim();
  await card.getByLabel('Code').fill('000000');
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(card).toContainText('That code is wrong or was used already.');
  const enrolledAt = Date.now();
  await card.getByLabel('Code').fill(totp(key, enrolledAt));
  await card.getByRole('button', { name: 'Turn on' }).click();
  await expect(them.locator('.toast')).toContainText('Two-factor sign-in is on');
  const codes = card.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.nth(2).textContent())!.trim();
  await expect(card).toContainText('Recovery codes left: 10');

  // On another device: the password alone no longer signs in; a recovery code does, once.
  const laptop = await newUser(browser);
  await passwordStep(laptop.page, email);
  await laptop.page.getByLabel('Code').fill('123456');
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(laptop.page.locator('main')).toContainText('That code is wrong or was used already.');
  await expect(laptop.page.getByRole('link', { name: 'Start again with your password' })).toBeVisible();
  await laptop.page.getByLabel('Code').fill(recovery);
  await laptop.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(laptop.page).toHaveURL(/\/account$/);
  await expect(laptop.page.getByTestId('two-factor')).toContainText('Recovery codes left: 9');
  await expect(laptop.page.getByTestId('sessions')).toContainText('New device');
  await laptop.context.close();

  const tablet = await newUser(browser);
  await passwordStep(tablet.page, email);
  await tablet.page.getByLabel('Code').fill(recovery);
  await tablet.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(tablet.page.locator('main')).toContainText('That code is wrong or was used already.');
  await tablet.page.getByLabel('Code').fill(await freshCode(key, enrolledAt));
  await tablet.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(tablet.page).toHaveURL(/\/account$/);
  await tablet.context.close();

  // The teammate lost their phone: the owner removes the second factor.
  await page.goto('/users');
  await hydrated(page);
  const person = page.getByTestId('two-factor-people').locator('li', { hasText: name });
  await expect(person).toContainText('On');
  await person.getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('.toast')).toContainText('Two-factor sign-in removed');
  await expect(person).toContainText('Not set up');
  await them.reload();
  await expect(them.getByTestId('two-factor')).toContainText('Off: your password alone signs you in.');
  await context.close();
});

test('the owner sees which roles require two-factor sign-in', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password, '/users');
  await hydrated(page);
  const policy = page.getByTestId('two-factor-policy');
  await expect(policy.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  // Ticking a role would make every other test's teammate of that role set it up: the choice
  // itself is covered by the service tests; here, that the boxes are there and save.
  await expect(policy.getByLabel('Sales', { exact: true })).not.toBeChecked();
  await policy.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Saved');
});
