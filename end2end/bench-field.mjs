// Measures a rep's offline copy as their phone makes it, against a running Banyan with demo
// data: the first copy (everything the device keeps) and a later update (only what changed
// since), each timed from "Update now" to the copy's line saying what it holds, with the
// bytes the server's answer took over the wire and the storage the copy fills on the device;
// then the board opened with no network from a cold start of the app (a new tab: the files
// from the service worker, the cards from the copy), and 100 writes made offline sent when
// the network is back, from "Update now" to the badge that counts them going away.
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

// A cold start with no network: a new tab, its processor slowed as the first one's.
await context.setOffline(true);
const cold = await context.newPage();
// Only the processor: the network stays cut.
await (await context.newCDPSession(cold)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
let started = Date.now();
await cold.goto(`${url}/deals`);
await cold.getByTestId('deal-card').first().waitFor({ timeout: 120_000 });
const cards = await cold.getByTestId('deal-card').count();
console.log(`  ${'board offline'.padEnd(13)} ${((Date.now() - started) / 1000).toFixed(2).padStart(6)} s  from a cold start to the cards (${cards} of them)`);
await cold.close();

// 100 moves waiting on the device: cards sent back and forth between the first two stages,
// put in the queue as the app puts them, then sent when the network is back.
const queued = await page.evaluate(async () => {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('banyan-'));
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const read = (store, key) =>
    new Promise((resolve, reject) => {
      const request = key ? db.transaction(store).objectStore(store).get(key) : db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const pipelines = JSON.parse(await read('meta', 'pipelines'));
  const [first, second] = pipelines[0].stages;
  const deals = (await read('deals')).map((d) => JSON.parse(d).deal).filter((d) => d.stage.id === first.id).slice(0, 10);
  // Version 7 ids, as the app makes them: the time, then random bits, in order of making.
  const v7 = (n) => {
    const time = (Date.now() + n).toString(16).padStart(12, '0');
    const random = [...crypto.getRandomValues(new Uint8Array(10))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const hex = `${time}7${random.slice(1, 4)}${((parseInt(random[4], 16) & 3) | 8).toString(16)}${random.slice(5, 20)}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
  const store = db.transaction('queue', 'readwrite').objectStore('queue');
  for (let n = 0; n < 100; n++) {
    const deal = deals[n % deals.length];
    const there = Math.floor(n / deals.length) % 2 === 0;
    const [from, to] = there ? [first.id, second.id] : [second.id, first.id];
    const id = v7(n);
    const write = { kind: 'move_deal', deal: deal.id, from, to: { stage_id: to, after: null, before: null, reason: '' } };
    store.put(JSON.stringify({ id, write }), id);
  }
  await new Promise((resolve) => (store.transaction.oncomplete = resolve));
  db.close();
  return 100;
});
await context.setOffline(false);
await slowDown(cdp);
started = Date.now();
await copy.getByRole('button', { name: 'Update now' }).click();
await held.filter({ hasText: 'Updating' }).waitFor();
await held.filter({ hasText: 'updated' }).waitFor({ timeout: 300_000 });
const took = Date.now() - started;
const left = await page.evaluate(async () => {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('banyan-'));
  const db = await new Promise((resolve) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
  });
  const count = await new Promise((resolve) => {
    const request = db.transaction('queue').objectStore('queue').count();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return count;
});
console.log(`  ${'sync 100'.padEnd(13)} ${(took / 1000).toFixed(2).padStart(6)} s  for ${queued} writes made offline, sent and the copy brought up to date (${left} left)`);
await browser.close();
