import { test, expect, hydrated, navigate, signIn, OWNER, newUser } from './fixtures';
import { mailTo, webLinks } from './mail';
import { importContacts } from './shop';

test('a campaign is written, previewed, test-sent, sent, tracked, reported and unsubscribed from', async ({ page, browser }, info) => {
  const tag = `cm${info.project.name}`;
  const emily = `${tag}.emily@camp.test`;
  const zhang = `${tag}.zhang@camp.test`;
  importContacts([
    'name,first name,email,consent',
    `${tag} Emily Chen,Emily,${emily},yes`,
    `${tag} 张伟,,${zhang},yes`,
    `${tag} 未同意,,${tag}.no@camp.test,no`,
  ]);

  // The audience: the contact list's search, saved as a segment.
  await signIn(page, OWNER.email, OWNER.password, `/contacts?q=${tag}`);
  await hydrated(page);
  await page.getByTestId('save-segment').locator('summary').click();
  await page.getByTestId('save-segment').getByLabel('Segment name').fill(`${tag} newsletter`);
  await page.getByTestId('save-segment').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.toast')).toContainText('Segment saved');

  // A draft with merge fields; a mistake is refused in words.
  await navigate(page, 'Campaigns');
  await page.getByRole('link', { name: 'New campaign' }).click();
  await hydrated(page);
  const form = page.getByTestId('campaign-form');
  await form.getByLabel('Name').fill(`${tag} spring`);
  await form.getByLabel('Audience (saved segment)').selectOption({ label: `${tag} newsletter (3)` });
  await form.getByLabel('Subject').fill('Hello {{first_name}}');
  await form.getByLabel('Plain-text body').fill('Dear {{name}}, spring prices are in.\n{{company}}');
  await form
    .getByLabel('HTML body (optional)')
    .fill('<p>Dear <b>{{name}}</b>, spring prices are in: <a href="https://shop.camp.test/spring?from=mail&amp;x=1">see them</a>.</p>');
  await form.getByLabel('Messages per minute').fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toContainText('Use a number from 1 to 60000.');
  await form.getByLabel('Messages per minute').fill('600');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await hydrated(page);
  await expect(page.getByTestId('campaign-status')).toHaveText('Draft');

  // The preview shows the mail as one member gets it, and a test goes to the user.
  const preview = page.getByTestId('campaign-preview');
  await expect(preview.getByTestId('preview-subject')).toContainText('Hello Emily');
  await preview.getByLabel('Preview as').selectOption({ label: `${tag} 张伟` });
  await expect(preview.getByTestId('preview-subject')).toContainText(`Hello ${tag} 张伟`);
  await expect(preview.getByTestId('preview-text')).toContainText(`Dear ${tag} 张伟, spring prices are in.`);
  // They work for no company: the preview says so before anyone reads a gap.
  await expect(preview.getByTestId('preview-empty')).toContainText(`${tag} 张伟 has nothing for {{company}}`);
  const tests = () => mailTo(OWNER.email).filter((m) => (m.headers.get('subject') ?? '').includes(`Hello ${tag} 张伟`));
  await preview.getByRole('button', { name: 'Send a test to me' }).click();
  await expect(preview).toContainText('The test is on its way');
  await expect.poll(() => tests().length, { timeout: 15_000 }).toBe(1);
  expect(tests()[0].headers.get('subject')).toBe(`[Test] Hello ${tag} 张伟`);

  // Sent now: the page follows it to the end; the one without consent is left out.
  await page.getByTestId('campaign-commands').getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByTestId('campaign-status')).toHaveText('Sent', { timeout: 30_000 });
  const counts = page.getByTestId('campaign-counts');
  await expect(counts.locator('[data-count="sent"]')).toHaveText('2');
  await expect(counts.locator('[data-count="excluded-no-consent"]')).toHaveText('1');

  // Each member got one message, personalized, with one-click unsubscribe headers.
  await expect.poll(() => mailTo(emily).length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => mailTo(zhang).length, { timeout: 15_000 }).toBe(1);
  const toEmily = mailTo(emily)[0];
  expect(toEmily.headers.get('subject')).toBe('Hello Emily');
  expect(toEmily.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const oneClick = (toEmily.headers.get('list-unsubscribe') ?? '').replace(/^<|>$/g, '');
  const token = new URL(oneClick).searchParams.get('t') ?? '';
  expect(token).not.toBe('');

  // Its link and an invisible image go through the tracker, which counts them and leads on
  // to the campaign's own address only; a forged token leads nowhere.
  const links = webLinks(toEmily);
  expect(links.filter((u) => u.includes('shop.camp.test'))).toEqual([]);
  const local = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };
  const click = local(links.find((u) => u.includes('/mail/click?t=')) ?? '');
  const pixel = local(links.find((u) => u.includes('/mail/open?t=')) ?? '');
  const followed = await page.request.get(click, { maxRedirects: 0 });
  expect(followed.status()).toBe(303);
  expect(followed.headers()['location']).toBe('https://shop.camp.test/spring?from=mail&x=1');
  const image = await page.request.get(pixel);
  expect(image.headers()['content-type']).toBe('image/gif');
  const forged = click.slice(0, -2) + (click.endsWith('AA') ? 'BB' : 'AA');
  const refusedClick = await page.request.get(forged, { maxRedirects: 0 });
  expect(refusedClick.status()).toBe(404);
  expect(await refusedClick.text()).toContain('This link is not valid.');

  // The report: one of two opened and clicked, the link's clicks, the charts, the cost.
  await page.reload();
  await hydrated(page);
  const report = page.getByTestId('campaign-report');
  const figure = (key: string) => report.locator(`[data-figure="${key}"]`);
  await expect(figure('delivered')).toHaveText('2');
  await expect(figure('opened')).toHaveText('1 (50.0%)');
  await expect(figure('clicked')).toHaveText('1 (50.0%)');
  await expect(figure('clicks')).toHaveText('1');
  await expect(figure('converted')).toHaveText('0 (0.0%)');
  await expect(report.getByTestId('report-links')).toContainText('https://shop.camp.test/spring?from=mail&x=1');
  await expect(report.locator('#campaign-funnel')).toHaveAttribute('data-drawn', 'true');
  await expect(report.locator('#campaign-timeline')).toHaveAttribute('data-drawn', 'true');
  const cost = report.getByTestId('campaign-cost');
  await cost.getByLabel('Cost').fill('-3');
  await cost.getByRole('button', { name: 'Save cost' }).click();
  await expect(report).toContainText('Write an amount such as 1,234.50.');
  await cost.getByLabel('Cost').fill('120');
  await cost.getByRole('button', { name: 'Save cost' }).click();
  await expect(figure('cost')).toContainText('120.00');
  await expect(figure('roi')).toHaveText('-100%');
  await report.getByTestId('report-days').selectOption('7');
  await expect(figure('converted')).toHaveText('0 (0.0%)');
  const reportWide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(reportWide).toBeLessThanOrEqual(0);

  // The mail's link needs no account: opening it unsubscribes at once, and can be taken back.
  // (A browser that opens the one-click address is sent on to the same page.)
  const reader = await newUser(browser);
  await reader.page.goto(`/mail/unsubscribe?t=${encodeURIComponent(token)}`);
  await expect(reader.page).toHaveURL(/\/unsubscribe\?t=/);
  await expect(reader.page.getByTestId('unsubscribed')).toContainText(`${emily} will no longer get marketing email`);
  await hydrated(reader.page);
  await reader.page.getByRole('button', { name: 'Subscribe again' }).click();
  await expect(reader.page.getByTestId('subscribed')).toContainText('subscribed to email');
  const overflow = await reader.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await reader.context.close();

  // A mail program's one-click post works; a forged link is refused.
  const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  const refused = await page.request.post(`/mail/unsubscribe?t=${encodeURIComponent(tampered)}`, {
    form: { 'List-Unsubscribe': 'One-Click' },
  });
  expect(refused.status()).toBe(404);
  const done = await page.request.post(`/mail/unsubscribe?t=${encodeURIComponent(token)}`, {
    form: { 'List-Unsubscribe': 'One-Click' },
  });
  expect(done.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('campaign-counts').locator('[data-count="unsubscribed"]')).toHaveText('1');

  // The list shows it sent; nothing is wider than the screen.
  await navigate(page, 'Campaigns');
  await expect(page.getByTestId('campaigns').locator('li', { hasText: `${tag} spring` })).toContainText('2 of 3 sent');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(wide).toBeLessThanOrEqual(0);
});
