// Measures a rep's offline copy as their phone makes it, against a running Banyan with demo
// data: the first copy (everything the device keeps) and a later update (only what changed
// since), each timed from "Update now" to the copy's line saying what it holds, with the
// bytes the server's answer took over the wire and the storage the copy fills on the device.
// On Slow 4G (150 ms, 1.6 Mbit/s) with the processor slowed four times, as bench-phone.mjs.
// Prints figures; asserts nothing.
//   node bench-field.mjs http://127.0.0.1:3996 sales@demo.banyan banyan-demo
import { launch, signIn, slowDown } from './bench-browser.mjs';

const [url, email, password] = process.argv.slice(2);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
await signIn(page, url, email, password);
await page.waitForFunction(() => document.body.dataset.hydrated === 'true');

const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
const answers = new Map();
let bytes = 0;
cdp.on('Network.responseReceived', (event) => {
  if (event.response.url.includes('/api/get_field_data')) answers.set(event.requestId, true);
});
cdp.on('Network.loadingFinished', (event) => {
  if (answers.has(event.requestId)) bytes += event.encodedDataLength;
});

const copy = page.getByTestId('field-copy');
await page.locator('.nav-more label').click();
const held = copy.getByTestId('field-copy-held');
// The app makes its first copy by itself a moment after it opens: wait for it, then start
// from nothing.
await held.filter({ hasText: 'updated' }).waitFor({ timeout: 300_000 });
await copy.getByRole('button', { name: 'Clear' }).click();
await held.filter({ hasText: 'Not on this device yet' }).waitFor();

await slowDown(cdp);

async function update(name) {
  bytes = 0;
  const started = Date.now();
  await copy.getByRole('button', { name: 'Update now' }).click();
  await held.filter({ hasText: 'updated' }).waitFor({ timeout: 600_000 });
  const took = Date.now() - started;
  // Chromium says how much of the site's storage is IndexedDB: the copy, not the app's files.
  const usage = await page.evaluate(async () => {
    const estimate = await navigator.storage.estimate();
    return estimate.usageDetails?.indexedDB ?? estimate.usage;
  });
  const line = (await held.textContent()).split(' · updated')[0];
  console.log(
    `  ${name.padEnd(13)} ${(took / 1000).toFixed(2).padStart(6)} s  ${(bytes / 1024).toFixed(1).padStart(8)} KB over the wire  ` +
      `${(usage / 1024 / 1024).toFixed(1).padStart(6)} MB in IndexedDB  (${line})`,
  );
}
await update('first copy');
await update('later update');
await browser.close();
