import { test, expect, hydrated, signIn, OWNER, navigate } from './fixtures';
import { importShop } from './shop';
import type { Page } from '@playwright/test';

test('customer value is fitted to imported orders, drawn, and follows the sliders', async ({ page }, info) => {
  const tag = `v${info.project.name}`;
  importShop(tag);
  await signIn(page, OWNER.email, OWNER.password, '/analytics');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer value');
  await expect(page.getByTestId('value-unfit')).toHaveCount(0);
  await expect(page.locator('#value-distribution')).toHaveAttribute('data-drawn', 'true');
  await expect(page.locator('#value-distribution canvas').first()).toBeVisible();
  await expect(page.locator('#value-frequency')).toHaveAttribute('data-drawn', 'true');
  await expect(page.getByTestId('value-top')).toContainText(`${tag}客户0`);
  expect(await chartColours(page)).toEqual({ first: '#1f7a4d', background: 'transparent' });

  const total = page.getByTestId('value-total');
  const amount = async () => Number((await total.innerText()).replace(/[^0-9.]/g, ''));
  const year = await amount();
  expect(year).toBeGreaterThan(0);
  await page.getByTestId('value-horizon').fill('36');
  await expect(page.getByTestId('value-what-if')).toContainText('Ahead: 36 × month');
  await expect.poll(amount).toBeGreaterThan(year);
  const three = await amount();
  await page.getByTestId('value-discount').fill('50');
  await expect(page.getByTestId('value-what-if')).toContainText('Discount: 5.0% per month');
  await expect.poll(amount).toBeLessThan(three);

  // By week, the models are fitted again here, from the same orders.
  await expect(page.getByTestId('value-fitted-here')).toHaveCount(0);
  await page.getByRole('link', { name: 'By week' }).click();
  await expect(page.getByTestId('value-fitted-here')).toContainText(/in your browser in \d+ ms/);
  await expect(page.getByTestId('value-what-if')).toContainText('Ahead: 52 × week');
  await expect(page.getByTestId('value-unfit')).toHaveCount(0);
  await expect(page.getByTestId('value-top')).toContainText(`${tag}客户0`);

  // Nothing is wider than the screen, phone included.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // In the dark the charts and sliders take the dark scheme's colours of the brand.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#value-distribution')).toHaveAttribute('data-drawn', 'true');
  expect(await chartColours(page)).toEqual({ first: '#4cc38a', background: 'transparent' });
  await expect(page.getByTestId('value-horizon')).toHaveCSS('accent-color', 'rgb(76, 195, 138)');
});

/** The first series colour and the background ECharts drew the distribution with. */
async function chartColours(page: Page) {
  return page.evaluate(() => {
    const echarts = (window as unknown as { echarts: { getInstanceByDom(e: Element): { getOption(): { color: string[]; backgroundColor: string } } } }).echarts;
    const option = echarts.getInstanceByDom(document.getElementById('value-distribution')!).getOption();
    return { first: option.color[0], background: option.backgroundColor };
  });
}

test('leaving the page before the chart script arrives breaks nothing', async ({ page }) => {
  // Hold the script back until the reader has moved on, as a slow phone connection would.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/echarts.min.js', async (route) => {
    await held;
    await route.continue();
  });
  await signIn(page, OWNER.email, OWNER.password, '/analytics');
  await hydrated(page);
  await expect(page.locator('#value-distribution')).toHaveAttribute('data-drawn', 'false');
  await navigate(page, 'Deals');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deals');
  const loaded = page.waitForResponse('**/echarts.min.js');
  release();
  await loaded;
  await page.waitForFunction(() => 'echarts' in window);
  // Coming back draws afresh on the new page's charts.
  await navigate(page, 'Value');
  await expect(page.locator('#value-distribution')).toHaveAttribute('data-drawn', 'true');
});
