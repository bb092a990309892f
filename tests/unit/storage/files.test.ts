/**
 * The safe file layer (src/storage/files.ts, issue 19): capped UTF-8 reads, atomic writes that keep
 * a file's mode and leave no temp file or empty folder behind, refusals as exit-3 errors naming the
 * file and the cause, and the sweep of temp files a killed csp left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFileAtomic,
  exists,
  fileSystemError,
  openAtomicWriter,
  processAlive,
  readIfExists,
  readTextFile,
  readTextFileStat,
  removeFile,
  sweepTempFiles,
  textOfBytes,
  writeFileAtomic,
  writeFileAtomicChunks,
} from '../../../src/storage/files.js';
import { CheckFailedError, PreconditionError, UsageError } from '../../../src/errors.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'csp-files-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function caught(f: () => unknown): any {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A process id that is not running (a child that has exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('readTextFile', () => {
  it('reads a UTF-8 file, keeping a byte order mark', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.yaml'), '\uFEFFtitle: é\n');
    expect(readTextFile(join(d, 'a.yaml'), 100)).toBe('\uFEFFtitle: é\n');
  });

  it('returns the stat and the bytes it read', () => {
    const d = tmp();
    writeFileSync(join(d, 'a.yaml'), 'x: 1\n');
    const r = readTextFileStat(join(d, 'a.yaml'), 100);
    expect(r.text).toBe('x: 1\n');
    expect(r.stat.size).toBe(5);
    expect(r.bytes.equals(Buffer.from('x: 1\n'))).toBe(true);
  });

  it('refuses a missing file as a precondition (exit 3)', () => {
    const d = tmp();
    const e = caught(() => readTextFile(join(d, 'none.yaml'), 100));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('file-missing');
    expect(e.message).toBe(`${join(d, 'none.yaml')} does not exist`);
  });

  it('refuses a folder', () => {
    const d = tmp();
    const e = caught(() => readTextFile(d, 100));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('not-a-file');
    expect(e.message).toBe(`${d} is not a file`);
  });

  it('names the cause when the path cannot be stat-ed (a file used as a folder)', () => {
    const d = tmp();
    writeFileSync(join(d, 'f'), 'x');
    const e = caught(() => readTextFile(join(d, 'f', 'g.yaml'), 100));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('file-unreadable');
    expect(e.message).toBe(`${join(d, 'f', 'g.yaml')} cannot be read (ENOTDIR)`);
    expect(e.hint).toBe('check the file and its permissions');
  });

  it('reads a file of exactly maxBytes and refuses one byte more, in KB', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), 'x'.repeat(3072));
    expect(readTextFile(join(d, 'a'), 3072)).toHaveLength(3072);
    const e = caught(() => readTextFile(join(d, 'a'), 3071));
    expect(e).toBeInstanceOf(CheckFailedError);
    expect(e.code).toBe('file-too-large');
    expect(e.message).toBe(`${join(d, 'a')} is 3 KB, larger than the 3 KB csp reads`);
    expect(e.file).toBe(join(d, 'a'));
    expect(e.hint).toMatch(/max_file_bytes/);
  });

  it('refuses bytes that are not UTF-8, naming the first bad offset', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), Buffer.concat([Buffer.from('héllo '), Buffer.from([0xff]), Buffer.from('x')]));
    const e = caught(() => readTextFile(join(d, 'a'), 100));
    expect(e).toBeInstanceOf(CheckFailedError);
    expect(e.code).toBe('not-utf8');
    expect(e.file).toBe(join(d, 'a'));
    expect(e.message).toBe(`${join(d, 'a')} is not valid UTF-8 (bad byte at offset 7)`);
  });
});

describe('textOfBytes', () => {
  it('finds the first bad byte wherever it is', () => {
    for (const [bytes, at] of [
      [[0x80], 0],
      [[0x61, 0xc3], 2], // a two-byte sequence cut by the end of the file: the end
      [[0x61, 0x62, 0x63, 0x64, 0xe2, 0x82, 0x61], 6], // a three-byte sequence broken at its third byte
      [[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xff], 8],
    ] as const) {
      const e = caught(() => textOfBytes('p', Buffer.from(bytes), 100));
      expect(e.message).toBe(`p is not valid UTF-8 (bad byte at offset ${at})`);
    }
  });

  it('checks the size of the bytes, rounding KB', () => {
    expect(textOfBytes('p', Buffer.alloc(10, 0x61), 10)).toBe('a'.repeat(10));
    const e = caught(() => textOfBytes('p', Buffer.alloc(2600, 0x61), 1500));
    expect(e).toBeInstanceOf(CheckFailedError);
    expect(e.code).toBe('file-too-large');
    expect(e.file).toBe('p');
    expect(e.message).toBe('p is 3 KB, larger than the 1 KB csp reads');
  });
});

describe('readIfExists', () => {
  it('is null for a missing file, the text otherwise, and throws other errors', () => {
    const d = tmp();
    expect(readIfExists(join(d, 'none'))).toBeNull();
    writeFileSync(join(d, 'a'), 'hi');
    expect(readIfExists(join(d, 'a'))).toBe('hi');
    expect(caught(() => readIfExists(d)).code).toBe('EISDIR');
  });
});

describe('writeFileAtomic', () => {
  it('writes text or bytes, creating folders, and leaves no temp file', () => {
    const d = tmp();
    writeFileAtomic(join(d, 'x', 'y', 'a.yaml'), 'one\n');
    expect(readFileSync(join(d, 'x', 'y', 'a.yaml'), 'utf8')).toBe('one\n');
    writeFileAtomic(join(d, 'x', 'y', 'a.yaml'), new Uint8Array([0x68, 0x69]));
    expect(readFileSync(join(d, 'x', 'y', 'a.yaml'), 'utf8')).toBe('hi');
    expect(readdirSync(join(d, 'x', 'y'))).toEqual(['a.yaml']);
  });

  it('writes chunks in order', () => {
    const d = tmp();
    writeFileAtomicChunks(join(d, 'a'), ['a', Buffer.from('b'), 'cé']);
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('abcé');
  });

  it('gives a new file mode 0644 (less the umask) and keeps an existing file mode', () => {
    const d = tmp();
    // NOTE: the umask is read, not set: Stryker's runner uses worker threads, where setting it is not supported.
    writeFileAtomic(join(d, 'new'), 'x');
    expect(statSync(join(d, 'new')).mode & 0o777).toBe(0o644 & ~process.umask());
    for (const mode of [0o640, 0o600, 0o604]) {
      writeFileSync(join(d, 'kept'), 'x');
      chmodSync(join(d, 'kept'), mode);
      writeFileAtomic(join(d, 'kept'), 'y');
      expect(statSync(join(d, 'kept')).mode & 0o7777).toBe(mode);
    }
  });

  it('refuses a read-only file (on the mode bits), leaving it unchanged', () => {
    const d = tmp();
    writeFileSync(join(d, 'ro'), 'old');
    chmodSync(join(d, 'ro'), 0o444);
    const e = caught(() => writeFileAtomic(join(d, 'ro'), 'new'));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('read-only-file');
    expect(e.message).toBe(`${join(d, 'ro')} is read-only (mode 0444); csp did not change it`);
    expect(e.hint).toBe(
      `make it writable if it is meant to change (chmod u+w ${join(d, 'ro')}), then run the command again`,
    );
    expect(readFileSync(join(d, 'ro'), 'utf8')).toBe('old');
    // a file only its owner may write (0200) is writable
    writeFileSync(join(d, 'wo'), 'old');
    chmodSync(join(d, 'wo'), 0o200);
    writeFileAtomic(join(d, 'wo'), 'new');
    chmodSync(join(d, 'wo'), 0o600);
    expect(readFileSync(join(d, 'wo'), 'utf8')).toBe('new');
  });

  it('leaves the target, no temp file and no new folder when beforeRename throws', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), 'old');
    expect(() =>
      writeFileAtomic(join(d, 'a'), 'new', () => {
        throw new Error('lock lost');
      }),
    ).toThrow('lock lost');
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['a']);
    expect(() =>
      writeFileAtomic(join(d, 'x', 'y', 'z'), 'new', () => {
        throw new Error('lock lost');
      }),
    ).toThrow('lock lost');
    expect(readdirSync(d)).toEqual(['a']);
  });

  it('keeps a folder that was there before a failed write', () => {
    const d = tmp();
    mkdirSync(join(d, 'x'));
    expect(() =>
      writeFileAtomic(join(d, 'x', 'y', 'z'), 'new', () => {
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(readdirSync(d)).toEqual(['x']);
    expect(readdirSync(join(d, 'x'))).toEqual([]);
  });

  it('refuses a secret in any chunk, leaving no temp file', () => {
    const d = tmp();
    const key = `sk-ant-api03-${'A'.repeat(90)}`;
    expect(() => writeFileAtomicChunks(join(d, 'sub', 'a'), ['fine\n', `key: ${key}\n`])).toThrow(UsageError);
    expect(readdirSync(d)).toEqual([]);
  });

  it('runs beforeRename once, before the file changes', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), 'old');
    const seen: string[] = [];
    writeFileAtomic(join(d, 'a'), 'new', () => seen.push(readFileSync(join(d, 'a'), 'utf8')));
    expect(seen).toEqual(['old']);
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('new');
  });
});

describe('openAtomicWriter', () => {
  it('abort leaves the target and removes the temp file and the folders it made', () => {
    const d = tmp();
    const w = openAtomicWriter(join(d, 'x', 'y', 'a'));
    w.write('text');
    expect(readdirSync(join(d, 'x', 'y'))[0]).toMatch(new RegExp(`^\\.a\\.csp-tmp-${process.pid}-\\d+$`));
    w.abort();
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses a write after flush; flush then commit writes every byte', () => {
    const d = tmp();
    const w = openAtomicWriter(join(d, 'a'));
    w.write('one ');
    w.write('two');
    w.flush();
    expect(() => w.write('three')).toThrow(`${join(d, 'a')}: write after flush`);
    w.flush();
    w.commit();
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('one two');
    expect(readdirSync(d)).toEqual(['a']);
  });

  it('names each temp file apart', () => {
    const d = tmp();
    const a = openAtomicWriter(join(d, 'a'));
    const b = openAtomicWriter(join(d, 'a'));
    expect(readdirSync(d)).toHaveLength(2);
    a.abort();
    b.abort();
    expect(readdirSync(d)).toEqual([]);
  });

  it('a failed rename removes the temp file and names the file', () => {
    const d = tmp();
    mkdirSync(join(d, 'a'));
    writeFileSync(join(d, 'a', 'in'), 'x');
    const w = openAtomicWriter(join(d, 'a'));
    w.write('x');
    expect(() => w.commit()).toThrow();
    expect(readdirSync(d)).toEqual(['a']);
  });
});

describe('fileSystemError', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });

  it('turns a refusal into a precondition naming the file, the cause and what was kept', () => {
    const e = fileSystemError(errno('ENOSPC'), '/hub/acme/csp.yaml') as PreconditionError;
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.message).toBe(
      'could not write /hub/acme/csp.yaml: no space left on the device (ENOSPC); csp.yaml is unchanged',
    );
    expect(e.code).toBe('fs-enospc');
    expect(e.hint).toBe('free some space (df -h /hub/acme) and run the command again');
    expect((e as any).cause.code).toBe('ENOSPC');
    expect((fileSystemError(errno('ENOSPC'), '/h/a', 'write', false) as Error).message).toBe(
      'could not write /h/a: no space left on the device (ENOSPC); a was not created',
    );
    expect((fileSystemError(errno('EACCES'), '/h/a', 'read') as Error).message).toBe(
      'could not read /h/a: permission denied (EACCES)',
    );
    expect((fileSystemError(errno('EACCES'), '/h/a', 'open') as Error).message).toBe(
      'could not open /h/a: permission denied (EACCES)',
    );
    expect((fileSystemError(errno('EIO'), '/h/a', 'remove') as Error).message).toBe(
      'could not remove /h/a: an input/output error of the device (EIO); a is unchanged',
    );
  });

  it('has a cause and a hint for every refusal', () => {
    const hints: Record<string, [string, string]> = {
      EDQUOT: [
        'the disk quota is used up',
        'free some space under your quota (quota -s; df -h /h) and run the command again',
      ],
      EFBIG: [
        'the file would exceed the file size limit',
        'raise the limit (ulimit -f unlimited) and run the command again',
      ],
      EACCES: ['permission denied', 'check who may write there (ls -ld /h) and run the command again'],
      EPERM: [
        'the operation is not permitted',
        'check the permissions and attributes of the folder (ls -ld /h; lsattr -d /h) and run the command again',
      ],
      EROFS: [
        'the file system is read-only',
        'run the command in a clone on a writable disk, or remount it read-write',
      ],
      EIO: ['an input/output error of the device', 'check the disk (dmesg), then run the command again'],
    };
    for (const [code, [cause, hint]] of Object.entries(hints)) {
      const e = fileSystemError(errno(code), '/h/a') as PreconditionError;
      expect(e.message).toBe(`could not write /h/a: ${cause} (${code}); a is unchanged`);
      expect(e.hint).toBe(hint);
      expect(e.code).toBe(`fs-${code.toLowerCase()}`);
    }
  });

  it('passes other errors through as they are', () => {
    const csp = new PreconditionError('x');
    expect(fileSystemError(csp, '/h/a')).toBe(csp);
    const other = errno('EISDIR');
    expect(fileSystemError(other, '/h/a')).toBe(other);
    const plain = new Error('no code');
    expect(fileSystemError(plain, '/h/a')).toBe(plain);
    expect(fileSystemError(undefined, '/h/a')).toBeUndefined();
    // an errno code that is an Object.prototype key is not a refusal
    const proto = errno('toString');
    expect(fileSystemError(proto, '/h/a')).toBe(proto);
  });
});

describe('removeFile, createFileAtomic, exists', () => {
  it('removes a file after its check; a missing file is fine; a check that throws keeps it', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), 'x');
    expect(() =>
      removeFile(join(d, 'a'), () => {
        throw new Error('lock lost');
      }),
    ).toThrow('lock lost');
    expect(existsSync(join(d, 'a'))).toBe(true);
    const calls: boolean[] = [];
    removeFile(join(d, 'a'), () => calls.push(existsSync(join(d, 'a'))));
    expect(calls).toEqual([true]);
    expect(existsSync(join(d, 'a'))).toBe(false);
    removeFile(join(d, 'a'));
    expect(caught(() => removeFile(d)).code).toMatch(/^(EISDIR|EPERM|fs-eperm)$/);
  });

  it('creates a file that does not exist and refuses one that does', () => {
    const d = tmp();
    createFileAtomic(join(d, 'a'), 'one');
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('one');
    const e = caught(() => createFileAtomic(join(d, 'a'), 'two'));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('file-exists');
    expect(e.message).toBe(`${join(d, 'a')} already exists`);
    expect(readFileSync(join(d, 'a'), 'utf8')).toBe('one');
  });

  it('sees files, folders and dangling links', () => {
    const d = tmp();
    writeFileSync(join(d, 'a'), 'x');
    symlinkSync(join(d, 'gone'), join(d, 'link'));
    expect([exists(join(d, 'a')), exists(d), exists(join(d, 'link')), exists(join(d, 'gone'))]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('sweepTempFiles', () => {
  it('removes the temp files of dead processes and old ones, keeps live and own ones and other files', () => {
    const d = tmp();
    const dead = deadPid();
    const alive = process.ppid;
    const names = {
      dead: `.a.yaml.csp-tmp-${dead}-1`,
      aliveNew: `.a.yaml.csp-tmp-${alive}-2`,
      aliveOld: `.b.yaml.csp-tmp-${alive}-3`,
      own: `.a.yaml.csp-tmp-${process.pid}-4`,
      other: 'a.yaml',
      noDot: `a.yaml.csp-tmp-${dead}-5`,
      noCounter: `.a.yaml.csp-tmp-${dead}`,
      suffix: `.a.yaml.csp-tmp-${dead}-6.bak`,
    };
    for (const n of Object.values(names)) writeFileSync(join(d, n), 'x');
    const now = Date.now();
    const old = new Date(now - 61_000);
    utimesSync(join(d, names.aliveOld), old, old);
    const recent = new Date(now - 59_000);
    utimesSync(join(d, names.aliveNew), recent, recent);
    expect(sweepTempFiles(d, now)).toBe(2);
    expect(readdirSync(d).sort()).toEqual(
      [names.aliveNew, names.own, names.other, names.noDot, names.noCounter, names.suffix].sort(),
    );
    expect(sweepTempFiles(d, now, { all: true })).toBe(1);
    expect(readdirSync(d).sort()).toEqual([names.own, names.other, names.noDot, names.noCounter, names.suffix].sort());
  });

  it('uses the current time by default and counts nothing in a missing folder', () => {
    const d = tmp();
    const alive = process.ppid;
    writeFileSync(join(d, `.a.csp-tmp-${alive}-1`), 'x');
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(d, `.a.csp-tmp-${alive}-1`), old, old);
    expect(sweepTempFiles(d)).toBe(1);
    expect(sweepTempFiles(join(d, 'none'))).toBe(0);
  });
});

describe('processAlive', () => {
  it('is true for running processes and false for gone or impossible ids', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(1)).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(processAlive(pid)).toBe(false);
  });
});
