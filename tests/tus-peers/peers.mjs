// peers.mjs — Juzhu's tus implementations against real peers
//
// Copyright 2026 The Juzhu authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// node peers.mjs JZ_TEST_FILE_SERVER JZ_TEST_TUS_UPLOAD
//
// 1. tus-js-client uploads to Juzhu's server (JzServerFiles) through a
//    proxy that cuts the connection in the middle of the PATCH body, and
//    resumes from the offset the server kept.
// 2. Juzhu's client uploads to @tus/server (which does not do the checksum
//    extension) through a proxy that cuts the connection once mid-upload,
//    and resumes.
// Prints TAP.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import * as tus from 'tus-js-client';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [fileServer, uploadTool] = process.argv.slice(2);
const TOKEN = 'peer-token-0123456789';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'juzhu-tus-peers-'));
const children = [];
let testNumber = 0;
let failed = 0;

function ok (cond, what) {
  testNumber++;
  console.log(`${cond ? 'ok' : 'not ok'} ${testNumber} - ${what}`);
  if (!cond)
    failed++;
}

function sha256 (data) {
  return createHash('sha256').update(data).digest('hex');
}

async function startFileServer (dataDir, extra = []) {
  const child = spawn(fileServer, [dataDir, TOKEN, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('\n'))
      break;
  }
  return { child, port: parseInt(out, 10) };
}

// A TCP proxy to 127.0.0.1:targetPort that cuts the connection once, after
// @cutAfter bytes from the client (a network failure in mid-body).
async function cuttingProxy (targetPort, cutAfter) {
  let forwarded = 0;
  let cut = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.on('data', (chunk) => {
      if (!cut && forwarded + chunk.length > cutAfter) {
        cut = true;
        upstream.write(chunk.subarray(0, cutAfter - forwarded), () => {
          client.destroy();
          upstream.destroy();
        });
        forwarded = cutAfter;
        return;
      }
      forwarded += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: server.address().port, wasCut: () => cut, close: () => server.close() };
}

// ---- 1. tus-js-client → juzhu's server ------------------------------------

async function jsClientToJuzhu () {
  const dataDir = path.join(tmp, 'juzhu-server');
  const { port } = await startFileServer(dataDir);
  const proxy = await cuttingProxy(port, 1000 * 1000);
  const endpoint = `http://127.0.0.1:${proxy.port}/api/v1/files/`;
  const data = randomBytes(3 * 1000 * 1000);
  const hash = sha256(data);
  const common = {
    endpoint,
    headers: { Authorization: `Bearer ${TOKEN}` },
    metadata: { sha256: hash, filename: 'photo.jpg' },
    chunkSize: 4 * 1024 * 1024,
    retryDelays: [100, 300, 1000],
  };

  // Through a proxy that cuts the connection in the middle of the PATCH
  // body; tus-js-client retries by itself: HEAD, then PATCH from the offset
  // the server kept.
  const patchOffsets = [];
  await new Promise((resolve, reject) => {
    const upload = new tus.Upload(data, {
      ...common,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH')
          patchOffsets.push(parseInt(req.getHeader('Upload-Offset'), 10));
      },
      onError: reject,
      onSuccess: resolve,
    });
    upload.start();
  });
  ok(proxy.wasCut(), 'the proxy cut the connection in the middle of the PATCH');
  ok(patchOffsets.length === 2 && patchOffsets[0] === 0 &&
     patchOffsets[1] > 0 && patchOffsets[1] < data.length,
     `juzhu-server kept the bytes of the cut PATCH; tus-js-client resumed at ${patchOffsets[1]}`);

  const res = await fetch(`http://127.0.0.1:${port}/api/v1/blobs/${hash}`,
                          { headers: { Authorization: `Bearer ${TOKEN}` } });
  const got = Buffer.from(await res.arrayBuffer());
  ok(res.status === 200 && got.equals(data), 'juzhu-server stored the photo tus-js-client sent');
  const blob = path.join(dataDir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);
  ok(fs.existsSync(blob) && sha256(fs.readFileSync(blob)) === hash, 'the blob is in blobs/ab/cd/SHA256');

  // A wrong declared hash: tus-js-client gets 460, nothing is kept.
  const other = randomBytes(100 * 1000);
  const status = await new Promise((resolve) => {
    const upload = new tus.Upload(other, {
      ...common,
      metadata: { sha256: sha256(Buffer.from('something else')) },
      retryDelays: [],
      onError: (err) => resolve(err.originalResponse ? err.originalResponse.getStatus() : 0),
      onSuccess: () => resolve(200),
    });
    upload.start();
  });
  ok(status === 460, `a photo that does not match its declared hash is refused (${status})`);
  const uploads = fs.readdirSync(path.join(dataDir, 'uploads')).filter((n) => !n.endsWith('.json'));
  ok(uploads.length === 0, 'no partial upload is left behind');
}

// ---- 2. juzhu's client → @tus/server --------------------------------------

async function juzhuToTusServer () {
  const storeDir = path.join(tmp, 'tus-server-store');
  fs.mkdirSync(storeDir, { recursive: true });
  const tusServer = new Server({ path: '/api/v1/files', datastore: new FileStore({ directory: storeDir }) });
  const seen = [];
  const httpServer = http.createServer((req, res) => {
    seen.push({ method: req.method, checksum: req.headers['upload-checksum'] });
    if (req.method !== 'OPTIONS' && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"unauthorized","message":"no token"}}');
      return;
    }
    if (req.url.startsWith('/api/v1/files'))
      return tusServer.handle(req, res);
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":{"code":"not_found","message":"no such thing"}}');
  });
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  const tusPort = httpServer.address().port;

  const proxy = await cuttingProxy(tusPort, 600 * 1000);
  const proxyPort = proxy.port;

  const data = randomBytes(1000 * 1000);
  const file = path.join(tmp, 'photo.jpg');
  fs.writeFileSync(file, data);
  const chunk = 256 * 1024;
  const child = spawn(uploadTool, [`http://127.0.0.1:${proxyPort}/api/v1/`, TOKEN, file,
                                   path.join(tmp, 'state'), String(chunk)],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  const [code] = await once(child, 'exit');
  let result = {};
  try {
    result = JSON.parse(out);
  } catch (e) {
    console.log(`# the upload tool printed: ${out}`);
  }
  console.log(`# juzhu client → @tus/server: ${out.trim()}`);

  ok(code === 0 && result.ok === true, 'juzhu\'s client finished its upload to @tus/server');
  ok(proxy.wasCut(), 'the proxy cut the connection in the middle of the upload');
  ok(result.resumes >= 1, `the client resumed after the cut (${result.resumes})`);
  ok(result.bytes_sent <= data.length + chunk, `at most one chunk was sent twice (${result.bytes_sent} bytes)`);
  ok(!seen.some((r) => r.method === 'PATCH' && r.checksum),
     'no Upload-Checksum is sent to a server without the checksum extension');

  const stored = fs.readdirSync(storeDir).filter((n) => !n.endsWith('.json'))
    .map((n) => fs.readFileSync(path.join(storeDir, n)));
  ok(stored.some((b) => b.equals(data)), '@tus/server holds the whole photo');

  const info = fs.readdirSync(storeDir).filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(fs.readFileSync(path.join(storeDir, n), 'utf8')));
  ok(info.some((i) => i.metadata && i.metadata.sha256 === sha256(data)),
     'the upload carried the sha256 metadata');

  proxy.close();
  httpServer.close();
}

try {
  await jsClientToJuzhu();
  await juzhuToTusServer();
} catch (e) {
  ok(false, `unexpected error: ${e && e.stack ? e.stack : e}`);
} finally {
  for (const child of children)
    child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`1..${testNumber}`);
process.exit(failed ? 1 : 0);
