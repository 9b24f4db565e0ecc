import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { test, expect, hydrated, signIn, OWNER } from './fixtures';

// The site's service worker in each form the server may send it.
const forms = ['', '.gz', '.br'].map((suffix) => join(process.env.BANYAN_E2E_SITE_ROOT!, `sw.js${suffix}`));

/** Puts `worker` in place of the release's service worker, as a new release would. */
function release(worker: string) {
  const bytes = Buffer.from(worker);
  writeFileSync(forms[0], bytes);
  writeFileSync(forms[1], gzipSync(bytes));
  writeFileSync(forms[2], brotliCompressSync(bytes));
}

test('a new release is offered as an update, and reloading brings it in', async ({ page }) => {
  const current = readFileSync(forms[0], 'utf8');
  const version = current.match(/"version":"([0-9a-f]+)"/)![1];
  await signIn(page, OWNER.email, OWNER.password);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByTestId('update-ready')).toHaveCount(0);

  const next = 'f'.repeat(version.length) === version ? '0'.repeat(version.length) : 'f'.repeat(version.length);
  try {
    release(current.replace(`"version":"${version}"`, `"version":"${next}"`));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const notice = page.getByTestId('update-ready');
    await expect(notice).toContainText('A new version of Banyan is ready.');
    const reloaded = page.waitForEvent('load');
    await notice.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    await hydrated(page);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    // The new release's worker is in charge, with its own files only.
    expect(await page.evaluate(() => caches.keys())).toEqual([`banyan-${next}`]);
    await expect(page.locator('.sidebar .nav')).toBeVisible();
  } finally {
    release(current);
  }
});
