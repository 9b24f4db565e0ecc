// Measures first visits as a phone on a weak connection makes them, against a running Banyan
// with demo data: each page opened with an empty cache at 375 px, over Chromium's "Slow 4G"
// (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) with the processor slowed four times;
// the time to the page received, to the page painted, and to the page working (the
// WebAssembly hydrated), and the bytes it took. Then later visits, with the release's files
// in the browser's cache; and whether Chromium would offer to install the app. Prints figures;
// asserts nothing.
//   node bench-phone.mjs http://127.0.0.1:3996 owner@demo.banyan banyan-demo
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, launchProfile, signIn, slowDown } from './bench-browser.mjs';

const [url, email, password] = process.argv.slice(2);
const browser = await launch();
const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };

const signingIn = await browser.newContext(phone);
const page = await signingIn.newPage();
await signIn(page, url, email, password);
const cookies = await signingIn.cookies();
await signingIn.close();

/** A fresh phone, signed in, with nothing kept: Slow 4G and a slow processor. The service
 * worker is kept out: it fetches outside the page's throttled network. */
async function slowPhone() {
  const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  await context.addCookies(cookies);
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  await slowDown(cdp);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  return { context, tab, bytes: () => bytes };
}

/** Opens `path` and answers when it was received, painted and working, in ms. */
async function visit(tab, path) {
  await tab.goto(`${url}${path}`, { waitUntil: 'commit' });
  await tab.waitForFunction(() => document.body.dataset.hydrated === 'true', null, { timeout: 120_000 });
  return tab.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    // Chromium's throttling holds back a response's body, not its headers: the page counts as
    // received once its last byte is.
    return { received: nav.responseEnd, painted: paint?.startTime ?? NaN, working: performance.now() };
  });
}

const ms = (x) => `${(x / 1000).toFixed(2)} s`;
for (const path of ['/', '/contacts', '/deals', '/tickets', '/analytics']) {
  const cold = await slowPhone();
  const first = await visit(cold.tab, path);
  console.log(
    `${path.padEnd(11)} first visit: page received ${ms(first.received)}, painted ${ms(first.painted)}, ` +
      `working ${ms(first.working)}, ${(cold.bytes() / 1024).toFixed(0)} KB`,
  );
  await cold.context.close();
}

// A later visit: the release's files are in the browser's cache (named for good, they are not
// asked for again), so a page costs its HTML and its data.
const later = await slowPhone();
await visit(later.tab, '/');
for (const path of ['/contacts', '/deals']) {
  const before = later.bytes();
  const again = await visit(later.tab, path);
  console.log(
    `${path.padEnd(11)} a later visit: painted ${ms(again.painted)}, working ${ms(again.working)}, ` +
      `${((later.bytes() - before) / 1024).toFixed(0)} KB`,
  );
}
await browser.close();

// Whether Chromium would offer to install the app from Today (Lighthouse 12 no longer checks):
// only a browser profile of one's own offers it, never an incognito window.
const profile = await mkdtemp(join(tmpdir(), 'banyan-profile-'));
const installing = await launchProfile(profile, phone);
const home = installing.pages()[0] ?? (await installing.newPage());
await signIn(home, url, email, password);
await home.waitForFunction(() => navigator.serviceWorker.controller !== null);
const { installabilityErrors } = await (await installing.newCDPSession(home)).send('Page.getInstallabilityErrors');
console.log(
  installabilityErrors.length === 0
    ? 'installable: yes, nothing stops Chromium offering it'
    : `installable: no: ${installabilityErrors.map((e) => e.errorId).join(', ')}`,
);
await installing.close();
await rm(profile, { recursive: true });
