// Measures the sales board in Chromium against a running Banyan with demo data: time from
// navigation to the first painted card and to a hydrated board, and frame times while a card
// is dragged across columns. Prints figures; asserts nothing.
//   node bench-board.mjs http://127.0.0.1:3997 owner@demo.banyan banyan-demo
import { launch, signIn } from './bench-browser.mjs';

const [url, email, password] = process.argv.slice(2);
const runs = 5;
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await signIn(page, url, email, password);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const painted = [];
const hydrated = [];
const frames = [];
for (let run = 0; run < runs; run++) {
  await page.goto(`${url}/deals`, { waitUntil: 'commit' });
  await page.locator('[data-testid="deal-card"]').first().waitFor();
  painted.push(await page.evaluate(() => performance.now()));
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
  hydrated.push(await page.evaluate(() => performance.now()));

  // Drag the first card of the first column over the next three columns, recording frames.
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  const card = await page.locator('[data-testid="deal-card"]').first().boundingBox();
  const columns = page.locator('[data-testid="board-column"]');
  const target = await columns.nth(3).boundingBox();
  await page.mouse.move(card.x + card.width / 2, card.y + card.height / 2);
  await page.mouse.down();
  const steps = 60;
  for (let i = 1; i <= steps; i++) {
    const x = card.x + card.width / 2 + ((target.x + target.width / 2 - card.x - card.width / 2) * i) / steps;
    await page.mouse.move(x, card.y + card.height / 2 + 40 * Math.sin(i / 6));
  }
  // Let go outside any column: the drag is measured, the data left as it was.
  await page.mouse.move(5, 5);
  await page.mouse.up();
  frames.push(...(await page.evaluate(() => {
    window.__recording = false;
    return window.__frames.slice(1);
  })));
}
const cards = await page.locator('[data-testid="deal-card"]').count();
const counts = await page.locator('[data-testid="column-count"]').allTextContents();
console.log(`board in Chromium: ${cards} cards drawn, column counts ${counts.join(' / ')}`);
console.log(`navigation to the first painted card: median ${median(painted).toFixed(0)} ms over ${runs} loads`);
console.log(`navigation to a hydrated board: median ${median(hydrated).toFixed(0)} ms`);
console.log(
  `frame time while dragging: p50 ${percentile(frames, 50).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms over ${frames.length} frames`,
);
await browser.close();
