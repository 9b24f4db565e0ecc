// Measures the customer value page in Chromium against a running Banyan with demo data: the
// size of the report it fetches, the time from clicking "Value" to drawn charts, the time from
// moving a slider to the recomputed figures on screen, and the models fitted in the browser by
// week; then the segments page: scoring and clustering in the browser, by the number of
// clusters. Prints figures; asserts nothing.
//   node bench-value.mjs http://127.0.0.1:3997 owner@demo.banyan banyan-demo
import { launch, signIn } from './bench-browser.mjs';

const [url, email, password] = process.argv.slice(2);
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
await signIn(page, url, email, password);
await page.waitForFunction(() => document.body.dataset.hydrated === 'true');

let bytes = 0;
page.on('response', async (response) => {
  // Read from the headers: fetching a body of megabytes back through the inspector would
  // slow the very page being timed.
  if (response.url().includes('get_value_report')) bytes = Number(response.headers()['content-length']);
});
const clicked = Date.now();
await page.locator('.nav').getByRole('link', { name: 'Value' }).click();
await page.locator('#value-distribution[data-drawn="true"]').waitFor({ timeout: 120_000 });
await page.locator('#value-frequency[data-drawn="true"]').waitFor();
console.log(`report: ${(bytes / 1024).toFixed(0)} KB; from the click to both charts drawn: ${Date.now() - clicked} ms`);
console.log(`customers: ${await page.getByTestId('value-facts').locator('dd').first().innerText()}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
for (const slider of ['value-discount', 'value-horizon']) {
  const times = [];
  for (let v = 1; v <= 30; v++) {
    times.push(await page.evaluate(async ([slider, v]) => {
      const input = document.querySelector(`[data-testid="${slider}"]`);
      const started = performance.now();
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((done) => requestAnimationFrame(() => done()));
      return performance.now() - started;
    }, [slider, v]));
  }
  console.log(`${slider}: a move to the next frame with every figure, table and chart updated: median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
}
const week = Date.now();
await page.getByRole('link', { name: 'By week' }).click();
const fitted = await page.getByTestId('value-fitted-here').innerText();
console.log(`by week: ${fitted} (from the click to the page: ${Date.now() - week} ms)`);

const segments = Date.now();
await page.getByRole('link', { name: 'Customer segments' }).click();
await page.locator('#cluster-plane[data-drawn="true"]').waitFor({ timeout: 120_000 });
console.log(`segments: from the click to the clusters drawn: ${Date.now() - segments} ms`);
console.log(`  suggested k: ${await page.getByTestId('segments-took').innerText()}`);
for (const k of ['3', '5', '8']) {
  const started = Date.now();
  await page.getByTestId('clusters-k').selectOption(k);
  await page.getByTestId('cluster-profiles').locator('tbody tr').nth(Number(k) - 1).waitFor();
  console.log(`  k = ${k}: ${await page.getByTestId('segments-took').innerText()} (to the page: ${Date.now() - started} ms)`);
}
await browser.close();
