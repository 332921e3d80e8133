import { describe, expect, it } from 'vitest';
import { REDACTED, redactCommandLine } from './redact';

const R = REDACTED;

describe('redactCommandLine', () => {
  it.each([
    ['app --password=hunter2 --user=bob', `app --password=${R} --user=bob`],
    ['app --password hunter2 --verbose', `app --password ${R} --verbose`],
    ['app --db-passwd=s3cret --api-key abc123', `app --db-passwd=${R} --api-key ${R}`],
    ['mysql -u root -phunter2 shop', `mysql -u root -p${R} shop`],
    ['/usr/bin/mysql -u root -p shop', '/usr/bin/mysql -u root -p shop'],
    ['sshpass -p hunter2 ssh bob@host', `sshpass -p ${R} ssh bob@host`],
    ['sshpass -phunter2 ssh host', `sshpass -p${R} ssh host`],
    ['redis-cli -h db -a hunter2 ping', `redis-cli -h db -a ${R} ping`],
    ['curl -u bob:hunter2 https://x', `curl -u bob:${R} https://x`],
    ['worker token=abc123 mode=fast', `worker token=${R} mode=fast`],
    ['fetch https://api.example/v1?user=bob&api_key=abc123&x=1', `fetch https://api.example/v1?user=bob&api_key=${R}&x=1`],
    ['curl -H Authorization: Bearer eyJhbGciOi.x.y https://x', `curl -H Authorization: Bearer ${R} https://x`],
    ['curl -H Authorization: Basic Ym9iOmh1bnRlcjI= https://x', `curl -H Authorization: Basic ${R} https://x`],
    ['curl -H Authorization:c2VjcmV0 https://x', `curl -H Authorization:${R} https://x`],
    ['tool --header Bearer abc.def', `tool --header Bearer ${R}`],
    ['git clone https://bob:hunter2@git.example/r.git', `git clone https://bob:${R}@git.example/r.git`],
    ['psql postgres://app:s3cret@db:5432/shop', `psql postgres://app:${R}@db:5432/shop`],
    ['app --url=redis://:hunter2@cache:6379/0', `app --url=redis://:${R}@cache:6379/0`],
  ])('%s', (input, expected) => {
    expect(redactCommandLine(input)).toBe(expected);
  });

  it('leaves command lines without secrets unchanged, whitespace included', () => {
    for (const line of ['python3 -m http.server 8000', 'ssh bob@host -p 22', 'nginx: worker process', 'a  b\tc', 'https://host/a@b', '']) {
      expect(redactCommandLine(line)).toBe(line);
    }
  });

  it('stays linear on hostile input: 200 kB of dashes, equals signs or URL fragments', () => {
    for (const unit of ['-', '=', 'a=', '://', '@:', 'x&token=']) {
      const input = unit.repeat(Math.ceil(200_000 / unit.length));
      const started = performance.now();
      const out = redactCommandLine(input);
      expect(out.length).toBeGreaterThan(0);
      // A quadratic scan of 200 kB takes tens of seconds here; a linear one a few milliseconds.
      expect(performance.now() - started, unit).toBeLessThan(2_000);
    }
  });
});
