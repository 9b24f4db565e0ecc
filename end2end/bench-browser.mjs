// What the benchmarks in Chromium share: Debian's Chromium, started as the tests start it, and
// signing in through the form.
import { chromium } from '@playwright/test';

const options = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export function launch() {
  return chromium.launch(options);
}

/** A browser with a profile of its own in `dir`, as a person's is (not an incognito window),
 *  with the options of a new context. */
export function launchProfile(dir, context) {
  return chromium.launchPersistentContext(dir, { ...options, ...context });
}

/** Makes the page behind `cdp` a phone on Chromium's "Slow 4G" (150 ms latency, 1.6 Mbit/s
 *  down, 750 kbit/s up) with its processor slowed four times. */
export async function slowDown(cdp) {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

/** Signs in on `page` and waits for the page after the sign-in form. */
export async function signIn(page, url, email, password) {
  await page.goto(`${url}/login`);
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
