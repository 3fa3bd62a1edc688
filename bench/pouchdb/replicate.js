// replicate.js — the PouchDB baseline of the sync benchmark
//
// Copyright 2026 The Juzhu authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs a real pouchdb-server process (LevelDB, its own temporary directory,
// 127.0.0.1 on a free port), then with PouchDB as a device would use it:
//   1. push: N declarations from a device database into an empty remote one;
//   2. pull: the remote database into a fresh device database;
//   3. no-op: a two-way sync between them with nothing new (median of 5).
// Prints one JSON line of figures (the last line of standard output):
//   {"n":…,"push_s":…,"pull_s":…,"noop_ms":…,"push_docs_per_s":…,
//    "pull_docs_per_s":…,"http_requests":…,"push_requests":…,…}
// HTTP requests are counted by wrapping the fetch PouchDB's HTTP adapter
// uses; http_requests is push + pull + one no-op sync.
//
// Device databases use the in-memory adapter (pure JS): that spares PouchDB
// any local disk cost, so the comparison is, if anything, kind to it.
// Replication runs with PouchDB's defaults (batch_size 100, batches_limit
// 10), as an application would.
//
// Usage: node replicate.js [N]   (or JUZHU_BENCH_N; default 10000)
// Modules are looked up normally or through NODE_PATH (run-pouchdb.sh).

'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));

// Documents: one per declaration, person and registration fields together
// (17 fields), drawn from the same kinds of values as bench/bench-data.c.

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱',
  '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯',
  '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜',
  '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '欧阳', '司马',
];
const GIVEN = [
  '伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰',
  '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '华', '建国', '玉兰', '红',
  '鹏', '文', '斌', '宇', '浩', '凯', '婷', '雪', '琳', '晨', '欣', '佳', '子涵', '梓萱',
];
const DIVISIONS = [
  '220102', '220103', '220104', '220105', '220106', '220112', '220202', '220203',
  '411202', '411203', '411221', '411224', '411281', '411282', '410102', '410105',
  '110105', '310104', '440106', '510107', '370102', '320106',
];
const STREETS = [
  '人民大街', '解放大路', '红旗街', '自由大路', '建设街', '和平路', '黄河路', '崤山路',
  '六峰路', '文明路', '迎宾大道', '湖滨路', '大岭路', '甘棠路', '开发区长江路',
];
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// mulberry32: small, seeded, the same sequence on every run.
function makeRandom (seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    range: (begin, end) => begin + Math.floor(next() * (end - begin)),
    pick: (list) => list[Math.floor(next() * list.length)],
    hex: (digits) => {
      let s = '';
      for (let i = 0; i < digits; i++)
        s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
}

const pad = (n, width) => String(n).padStart(width, '0');

function makeDeclaration (random, index, site) {
  const year = random.range(1950, 2008);
  const month = random.range(1, 13);
  const day = random.range(1, 29);
  const division = random.pick(DIVISIONS);
  const seq = random.range(0, 1000);
  let id = `${division}${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}${pad(seq, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++)
    sum += Number(id[i]) * WEIGHTS[i];
  id += '10X98765432'[sum % 11];

  // A UUIDv7-shaped id: 48 bits of milliseconds, then random bits.
  const ms = (1767225600000 + index * 1000).toString(16).padStart(12, '0');
  const uuid = `${ms.slice(0, 8)}-${ms.slice(8)}-7${random.hex(3)}-${'89ab'[random.range(0, 4)]}${random.hex(3)}-${random.hex(12)}`;

  return {
    _id: uuid,
    type: 'declaration',
    site,
    author: '王芳',
    id_number: id,
    name: random.pick(SURNAMES) + random.pick(GIVEN),
    sex: seq % 2 ? '1' : '2',
    ethnicity: random.range(0, 10) ? '01' : pad(random.range(2, 57), 2),
    birth_date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
    hukou_division: division,
    hukou_address: `${random.pick(STREETS)}${random.range(1, 999)}号${random.range(1, 9)}单元`,
    phone: `13${pad(index, 9)}`,
    residence_division: '220104',
    committee: '红旗街道红旗社区居委会',
    residence_address: `${random.pick(STREETS)}${random.range(1, 999)}号${random.range(101, 2505)}室`,
    arrival_date: `2025-${pad(random.range(1, 13), 2)}-${pad(random.range(1, 29), 2)}`,
    registered_on: `2026-01-${pad(random.range(1, 29), 2)}`,
    reason: 'work',
    housing_type: 'rented',
    landlord_name: '房东',
  };
}

function makeDeclarations (n) {
  const random = makeRandom(20260301);
  const site = random.hex(32);
  const docs = [];
  for (let i = 0; i < n; i++)
    docs.push(makeDeclaration(random, i, site));
  return docs;
}

// The server.

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer (dir) {
  const port = await freePort();
  const bin = path.join(path.dirname(require.resolve('pouchdb-server/package.json')),
                        'bin', 'pouchdb-server');
  const child = spawn(process.execPath,
                      [bin, '--host', '127.0.0.1', '--port', String(port),
                       '--dir', path.join(dir, 'db'), '--config', path.join(dir, 'config.json'),
                       '--no-stdout-logs'],
                      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`pouchdb-server exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(url + '/');
      if (response.ok) {
        await response.text();
        break;
      }
    } catch (e) {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`pouchdb-server did not answer on ${url} within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}

// Measurements.

function makeCounter () {
  const counter = { requests: 0 };
  counter.fetch = (url, options) => {
    counter.requests++;
    return PouchDB.fetch(url, options);
  };
  return counter;
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

async function timed (counter, work) {
  const before = counter.requests;
  const start = process.hrtime.bigint();
  const result = await work();
  return { s: seconds(start), requests: counter.requests - before, result };
}

function check (result, what, n) {
  if (!result.ok || (n !== undefined && result.docs_written !== n))
    throw new Error(`${what}: replication did not complete (${JSON.stringify(result)})`);
}

async function main () {
  const arg = process.argv[2] || process.env.JUZHU_BENCH_N || '10000';
  const n = Number.parseInt(arg, 10);
  if (!(n > 0))
    throw new Error(`the number of documents must be a positive integer (got “${arg}”)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'juzhu-pouchdb-'));
  let server = null;
  try {
    server = await startServer(dir);
    const counter = makeCounter();
    const remote = new PouchDB(`${server.url}/declarations`, { fetch: counter.fetch });
    await remote.info(); // creates it; not part of the figures

    const device = new PouchDB('device-a', { adapter: 'memory' });
    const docs = makeDeclarations(n);
    const load = await timed(counter, () => device.bulkDocs(docs));
    if (load.result.some((r) => r.error))
      throw new Error('loading the device database failed');

    const push = await timed(counter, () => device.replicate.to(remote));
    check(push.result, 'push', n);

    const fresh = new PouchDB('device-b', { adapter: 'memory' });
    const pull = await timed(counter, () => fresh.replicate.from(remote));
    check(pull.result, 'pull', n);
    const info = await fresh.info();
    if (info.doc_count !== n)
      throw new Error(`pull: the fresh device has ${info.doc_count} documents, not ${n}`);

    const noops = [];
    for (let i = 0; i < 5; i++) {
      const noop = await timed(counter, () => PouchDB.sync(fresh, remote));
      check(noop.result.push, 'no-op push', 0);
      check(noop.result.pull, 'no-op pull', 0);
      noops.push(noop);
    }
    noops.sort((a, b) => a.s - b.s);
    const noop = noops[2];

    await device.destroy();
    await fresh.destroy();

    const round = (x, digits) => Number(x.toFixed(digits));
    console.log(JSON.stringify({
      n,
      push_s: round(push.s, 3),
      pull_s: round(pull.s, 3),
      noop_ms: round(noop.s * 1000, 1),
      push_docs_per_s: Math.round(n / push.s),
      pull_docs_per_s: Math.round(n / pull.s),
      http_requests: push.requests + pull.requests + noop.requests,
      push_requests: push.requests,
      pull_requests: pull.requests,
      noop_requests: noop.requests,
      load_s: round(load.s, 3),
      doc_bytes: Buffer.byteLength(JSON.stringify(docs[0])),
      pouchdb: PouchDB.version,
      server: 'pouchdb-server ' + require('pouchdb-server/package.json').version + ' (leveldb)',
      device_adapter: 'memory',
      batch_size: 100,
      node: process.version,
    }));
  } finally {
    if (server)
      await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`replicate.js: ${e.stack || e}`);
  process.exit(1);
});
