import { test, expect, hydrated, signIn, uniqueEmail, uniqueName, OWNER } from './fixtures';
import { deliver, mailTo } from './mail';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.7\n% an invoice\n');
const PROGRAM = Buffer.from('MZ\x90\x00\x03\x00\x00\x00');

test('files come with mail, go with replies, and reach the customer', async ({ page, request }) => {
  // A customer writes with a photo and a program attached.
  const email = uniqueEmail('files');
  const subject = uniqueName('Cracked screen ');
  const posted = await deliver(request, [
    `From: Chen Jing <${email}>`,
    `Subject: ${subject}`,
    `Message-ID: <${Date.now()}.${Math.random()}@mail.example.com>`,
    'Content-Type: multipart/mixed; boundary="m"',
    '',
    '--m',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The screen cracked, photo attached.',
    '--m',
    'Content-Type: image/png; name="photo.png"',
    'Content-Disposition: attachment; filename="photo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--m',
    'Content-Type: application/octet-stream; name="fix.exe"',
    'Content-Disposition: attachment; filename="fix.exe"',
    'Content-Transfer-Encoding: base64',
    '',
    PROGRAM.toString('base64'),
    '--m--',
    '',
  ]);
  expect(posted.status()).toBe(201);
  const { ticket } = await posted.json();

  await signIn(page, OWNER.email, OWNER.password, `/tickets/${ticket.id}`);
  await hydrated(page);
  const first = page.getByTestId('message').first();
  const photo = first.getByTestId('attachment');
  await expect(photo).toHaveCount(1);
  await expect(photo).toContainText('photo.png');
  await expect(photo.locator('img')).toBeVisible();
  // The program was not kept, and the thread says so.
  await expect(first).toContainText('Attachments not kept');
  await expect(first).toContainText('fix.exe: Only documents');

  // The agent attaches an invoice, and a program by mistake: only the invoice goes up.
  const composer = page.getByTestId('composer');
  await composer.getByTestId('file-picker').setInputFiles([
    { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: 'tool.exe', mimeType: 'application/octet-stream', buffer: PROGRAM },
  ]);
  const uploads = composer.getByTestId('upload');
  await expect(uploads.filter({ hasText: 'invoice.pdf' })).toContainText('22 B');
  const refused = uploads.filter({ hasText: 'tool.exe' });
  await expect(refused).toContainText('Only documents');
  await refused.getByRole('button', { name: 'Remove' }).click();
  await expect(uploads).toHaveCount(1);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(fits).toBeLessThanOrEqual(0);
  await composer.getByLabel('Message').fill('Here is the invoice for the repair.');
  await composer.getByRole('button', { name: 'Send reply' }).click();

  const reply = page.getByTestId('message').last();
  await expect(reply).toContainText('Here is the invoice for the repair.');
  const invoice = reply.getByTestId('attachment');
  await expect(invoice).toContainText('invoice.pdf');
  await expect(composer.getByTestId('upload')).toHaveCount(0);
  // Served to the signed-in agent as what it is; to nobody without a session.
  const href = (await invoice.getAttribute('href'))!;
  const file = await page.request.get(href);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  expect(file.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await file.body()).equals(PDF)).toBe(true);
  const stranger = await request.get(href);
  expect(stranger.status()).toBe(401);

  // The customer's mail carries the invoice.
  await expect.poll(() => mailTo(email).length, { timeout: 20_000 }).toBeGreaterThan(0);
  const mail = mailTo(email)[0];
  expect(mail.text).toContain('filename="invoice.pdf"');
  // The mail program picks the encoding: 7-bit for a file that is plain text, base64 else.
  const flat = mail.text.replace(/\s+/g, '');
  const encodings = [PDF.toString('utf8'), PDF.toString('base64').replace(/=+$/, '')].map((e) => e.replace(/\s+/g, ''));
  expect(encodings.some((e) => flat.includes(e))).toBe(true);
});
