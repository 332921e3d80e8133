import { describe, expect, it } from 'vitest';
import { REDACTED, redactCommandLine } from './redact';

const R = REDACTED;

describe('redactCommandLine', () => {
  it.each([
    ['app --password=hunter2 --user=bob', `app --password=${R} --user=bob`],
    ['app --password hunter2 --verbose', `app --password ${R} --verbose`],
    ['app --db-passwd=s3cret --api-key abc123', `app --db-passwd=${R} --api-key ${R}`],
    ['mysql -u root -phunter2 shop', `mysql -u root -p${R} shop`],
    // mysql reads `-p shop` as "prompt, database shop", but `mysql -p secret` is what people type with a password.
    ['/usr/bin/mysql -u root -p secret', `/usr/bin/mysql -u root -p ${R}`],
    ['mysql -u root -p -h db shop', 'mysql -u root -p -h db shop'],
    ['mysqldump -u backup -p s3cret --all-databases', `mysqldump -u backup -p ${R} --all-databases`],
    ['mariadb -psecret shop', `mariadb -p${R} shop`],
    ['mysql --password secret shop', `mysql --password ${R} shop`],
    ['mysqladmin -u root password N3wPass', `mysqladmin -u root password ${R}`],
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

  it.each([
    // The program behind wrappers and inside `sh -c`.
    ['sudo -u root mysql -p hunter2 shop', `sudo -u root mysql -p ${R} shop`],
    ['env MYSQL_PWD=hunter2 mysql -u root', `env MYSQL_PWD=${R} mysql -u root`],
    ['timeout 30 sshpass -p hunter2 ssh bob@host', `timeout 30 sshpass -p ${R} ssh bob@host`],
    ['sh -c sshpass -p hunter2 scp f host: && mysql -psecret2', `sh -c sshpass -p ${R} scp f host: && mysql -p${R}`],
    ['python3 /opt/impacket/examples/psexec.py corp/bob:Winter2024@10.0.0.5', `python3 /opt/impacket/examples/psexec.py corp/bob:${R}@10.0.0.5`],
    ['impacket-wmiexec -hashes aad3b435:31d6cfe0 admin@10.0.0.5', `impacket-wmiexec -hashes ${R} admin@10.0.0.5`],
    // Environment-style assignments, query strings, JSON, YAML-style and openssl's pass: form.
    ['env PGPASSWORD=hunter2 psql -h db', `env PGPASSWORD=${R} psql -h db`],
    ['worker AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI DB_PASS=x1 LOG=info', `worker AWS_SECRET_ACCESS_KEY=${R} DB_PASS=${R} LOG=info`],
    ['app --config aws_secret_access_key=wJalrXUtnFEMI', `app --config aws_secret_access_key=${R}`],
    ['aws configure set aws_secret_access_key wJalrXUtnFEMI', `aws configure set aws_secret_access_key ${R}`],
    ['fetch http://h/login?user=bob&pwd=hunter2&lang=en', `fetch http://h/login?user=bob&pwd=${R}&lang=en`],
    ['fetch http://h/login?user=bob&password:hunter2', `fetch http://h/login?user=bob&password:${R}`],
    ['curl -d {"user":"bob","password":"hunter2"} http://h', `curl -d {"user":"bob","password":"${R}"} http://h`],
    ['tool password: hunter2 user: bob', `tool password: ${R} user: bob`],
    ['openssl enc -aes256 -pass pass:hunter2 -in f', `openssl enc -aes256 -pass ${R} -in f`],
    ['openssl pkcs12 -passin pass:hunter2 -in f', `openssl pkcs12 -passin pass:${R} -in f`],
    ['openssl enc -d -aes256 -k hunter2 -in f', `openssl enc -d -aes256 -k ${R} -in f`],
    // Long options, space form.
    ['app --pass hunter2 --token abc123 --user bob', `app --pass ${R} --token ${R} --user bob`],
    ['app --db-pass hunter2 --client-secret s3', `app --db-pass ${R} --client-secret ${R}`],
    // curl's user:password in every form; headers named like secrets.
    ['curl -ubob:hunter2 https://x', `curl -ubob:${R} https://x`],
    ['curl --user=bob:hunter2 https://x', `curl --user=bob:${R} https://x`],
    ['curl -H X-Api-Key: abc123 https://x', `curl -H X-Api-Key: ${R} https://x`],
    ['curl -H Private-Token:glp123 https://x', `curl -H Private-Token:${R} https://x`],
    ['curl -H Cookie: session=abc123 https://x', `curl -H Cookie: ${R} https://x`],
    ['http https://x Authorization:Bearer abc', `http https://x Authorization:${R} abc`],
    // Tools whose short option carries the password.
    ['ldapsearch -x -D cn=admin -w hunter2 -b dc=x', `ldapsearch -x -D cn=admin -w ${R} -b dc=x`],
    ['mongosh -u admin -p hunter2 db', `mongosh -u admin -p ${R} db`],
    ['mosquitto_pub -u bob -P hunter2 -t x', `mosquitto_pub -u bob -P ${R} -t x`],
    ['zip -P hunter2 out.zip f', `zip -P ${R} out.zip f`],
    ['7z x -phunter2 a.7z', `7z x -p${R} a.7z`],
    ['sqlcmd -S db -U sa -P hunter2', `sqlcmd -S db -U sa -P ${R}`],
    ['ipmitool -H bmc -U admin -P hunter2 power status', `ipmitool -H bmc -U admin -P ${R} power status`],
    ['xfreerdp /u:bob /p:hunter2 /v:host', `xfreerdp /u:bob /p:${R} /v:host`],
    ['evil-winrm -i host -u bob -p hunter2', `evil-winrm -i host -u bob -p ${R}`],
    ['smbclient //h/s -U bob%hunter2', `smbclient //h/s -U bob%${R}`],
    ['lftp -u bob,hunter2 ftp://h', `lftp -u bob,${R} ftp://h`],
    ['snmpwalk -v2c -c s3cretcomm host', `snmpwalk -v2c -c ${R} host`],
    ['ssh-keygen -t ed25519 -N hunter2 -f k', `ssh-keygen -t ed25519 -N ${R} -f k`],
    ['docker login -u bob -p hunter2 registry.io', `docker login -u bob -p ${R} registry.io`],
    ['vault login hvs.CAESIJlongtokenvalue', `vault login ${R}`],
    // Tokens recognised by their shape, wherever they are.
    ['deploy ghp_0123456789abcdefghijABCDEFGHIJ012345', `deploy ${R}`],
    ['app --github=ghp_0123456789abcdefghijABCDEFGHIJ012345', `app --github=${R}`],
    ['app eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', `app ${R}`],
  ])('%s', (input, expected) => {
    expect(redactCommandLine(input)).toBe(expected);
  });

  it('keeps what only looks like a secret option: -p, -P and -c of other tools, pointer options, docker run -p', () => {
    for (const line of [
      'ls -p /tmp',
      'grep -p pattern file',
      'ssh -p 2222 bob@host',
      'scp -P 2222 f host:',
      'nc -p 4444 host 80',
      'netstat -tulpn',
      'docker run -p 8080:80 --name mysql nginx',
      'ss -tp',
      'bash -c ls -p',
      'mysql-workbench --log-level info',
      'gpg --passphrase-file /run/pw --batch',
      'docker login --password-stdin registry.io',
      'app --pass-through /dev/null',
      'app --token-path /run/token',
      'python3 -u worker.py --key-name primary',
      'node server.js --port 3000',
      'curl -u bob https://x',
      'http://localhost:8080/path',
      'sk-learn-experiments-running-for-a-while',
      'tar -cpf a.tar dir',
    ]) {
      expect(redactCommandLine(line), line).toBe(line);
    }
  });

  it('leaves command lines without secrets unchanged, whitespace included', () => {
    for (const line of ['python3 -m http.server 8000', 'ssh bob@host -p 22', 'nginx: worker process', 'a  b\tc', 'https://host/a@b', '']) {
      expect(redactCommandLine(line)).toBe(line);
    }
  });

  it('stays linear on hostile input: 200 kB of dashes, equals signs or URL fragments', () => {
    for (const unit of ['-', '=', 'a=', '://', '@:', 'x&token=', 'eyJ-', 'ghp_', ':', '{"a":', 'sudo ', 'p:']) {
      const input = unit.repeat(Math.ceil(200_000 / unit.length));
      const started = performance.now();
      const out = redactCommandLine(input);
      expect(out.length).toBeGreaterThan(0);
      // A quadratic scan of 200 kB takes tens of seconds here; a linear one a few milliseconds.
      expect(performance.now() - started, unit).toBeLessThan(2_000);
    }
  });
});
