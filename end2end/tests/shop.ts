import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Runs the `banyan` command line on the database of the server under test. */
function banyan(...args: string[]) {
  const bin = process.env.BANYAN_BIN ?? resolve(__dirname, '../../target/release/banyan');
  execFileSync(bin, args, {
    env: { ...process.env, BANYAN_DATA_DIR: process.env.BANYAN_E2E_DATA_DIR, RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
}

/** Imports contacts from the lines of a CSV file, header first, through the command line. */
export function importContacts(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'banyan-people-'));
  writeFileSync(join(dir, 'people.csv'), lines.join('\n') + '\n');
  banyan('import', 'contacts', join(dir, 'people.csv'));
}

/**
 * Sixty customers who buy at their own pace over the last year and stop at some point, as a
 * shop's export would list them; the first buys a lot every five days until yesterday. Names
 * carry `tag` so that the desktop and phone runs import their own.
 */
export function importShop(tag: string) {
  let seed = 0x2545f491;
  const uniform = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const people = ['姓名,邮箱'];
  const orders = ['订单号,日期,金额,客户编号,邮箱,手机,状态'];
  const start = Date.now() - 366 * 86_400_000;
  for (let i = 0; i < 60; i++) {
    const email = `${tag}.c${i}@shop.test`;
    people.push(`${tag}客户${i},${email}`);
    const every = i === 0 ? 5 : 5 + 60 * uniform();
    const stop = i === 0 ? 0 : 0.1 + 0.4 * uniform();
    const spend = i === 0 ? 5000 : 30 + 300 * uniform();
    let day = Math.floor(90 * uniform());
    while (day < 365) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      orders.push(`${tag}-${i}-${day},${date},${Math.round(spend * (0.5 + uniform()))},,${email},,`);
      if (i !== 0 && uniform() < stop) break;
      day += i === 0 ? 5 : 1 + Math.floor(-Math.log(1 - uniform()) * every);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'banyan-shop-'));
  writeFileSync(join(dir, 'people.csv'), people.join('\n') + '\n');
  writeFileSync(join(dir, 'orders.csv'), orders.join('\n') + '\n');
  banyan('import', 'contacts', join(dir, 'people.csv'));
  banyan('import', 'orders', join(dir, 'orders.csv'));
}
