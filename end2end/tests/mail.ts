// The mail Banyan sent, as the tests' SMTP server stored it: one file per message in the
// Maildir that playwright.config.ts gives it. Node only, so the config can import it too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';

/** What a mail forwarder sends to post to /inbound/email. */
export const INBOUND_SECRET = 'the end-to-end tests inbound secret';

export type Mail = { headers: Map<string, string>; text: string };

/** RFC 2047 words (`=?UTF-8?B?…?=`) in a header, decoded; only the space between two such
 * words is not part of the text. */
function decodeWords(value: string) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(?:\s+(?==\?))?/g, (_, _charset, kind, data) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m: string, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function parse(raw: string): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.set(line.slice(0, at).toLowerCase(), decodeWords(line.slice(at + 1).trim()));
  }
  const body = rest.join('\n\n');
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : Buffer.from(body, 'latin1').toString('utf8');
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/** The parts of a multipart message, each decoded, or the message itself. */
export function parts(mail: Mail): Mail[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(mail.headers.get('content-type') ?? '')?.[1];
  if (!boundary) return [mail];
  return mail.text
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((raw) => parts(parse(raw.replace(/^\r?\n/, ''))));
}

/** Every web address in a message's parts. */
export function webLinks(mail: Mail): string[] {
  return parts(mail).flatMap((part) => part.text.match(/https?:\/\/[^\s"'<>]+/g) ?? []);
}

/** Posts a raw email to the inbound door, as a mail forwarder does. */
export async function deliver(request: APIRequestContext, lines: string[]) {
  return request.post('/inbound/email', {
    headers: { Authorization: `Bearer ${INBOUND_SECRET}`, 'Content-Type': 'message/rfc822' },
    data: lines.join('\r\n'),
  });
}

/** Every message received so far. */
export function mailbox(): Mail[] {
  const dir = join(process.env.BANYAN_E2E_MAILDIR ?? '', 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => parse(readFileSync(join(dir, name), 'latin1')));
}

/** The messages to `address`, in no particular order. */
export function mailTo(address: string): Mail[] {
  return mailbox().filter((m) => (m.headers.get('to') ?? '').includes(address));
}
