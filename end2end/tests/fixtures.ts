import { test as base, expect } from '@playwright/test';

// Every test fails if the page logged an error or threw: a broken hydration shows up here
// even when the server-rendered HTML looks right. The one error allowed is Chromium's report of
// a page that was itself meant to answer 404.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const missingPages = new Set<string>();
      page.on('response', (response) => {
        if (response.request().isNavigationRequest() && response.status() === 404) {
          missingPages.add(response.url());
        }
      });
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const isMissingPage =
          missingPages.has(msg.location().url) && msg.text().includes('status of 404');
        if (!isMissingPage) errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the WebAssembly app has taken over the server-rendered page. */
export async function hydrated(page: import('@playwright/test').Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
}
