// Banyan's service worker: keeps this release's files on the phone, so the app opens fast on a
// weak connection and opens at all without one. Pages and data always come from the server
// while it can be reached; offline, any address opens the app's shell, which draws the screen
// from what the device keeps (or says the network is needed), in the user's language.

// The release writes its own files here (cargo xtask build). A new release thereby changes
// this file, which is how the browser knows to install the new worker beside the old one.
const BUILD = { version: 'unbuilt', files: [] };

const CACHE = `banyan-${BUILD.version}`;
const SHELL = '/shell.html';
const KEPT = new Set([...BUILD.files, SHELL]);

self.addEventListener('install', (event) => {
  // The new worker waits until the user chooses to reload ("Reload to update"): taking over
  // at once would run a page of the old release against files of the new one.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...KEPT])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('banyan-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (KEPT.has(url.pathname) && url.pathname !== SHELL) {
    // A file named after its content never changes: the kept copy is the file.
    event.respondWith(caches.match(url.pathname).then((kept) => kept || fetch(request)));
    return;
  }
  // Pages come from the server, or offline the app's shell. Downloads (exports and
  // attachments, under /api/) stay with the browser: passed through a worker, Chromium
  // cancels them.
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/')) {
    event.respondWith(fetch(request).catch(() => caches.match(SHELL)));
  }
});

// Background Sync: the browser wakes this worker once the network is back, even with the app
// closed. An open app sends its own writes when the network comes back (one tab at a time,
// under its lock); with none open, the worker sends them itself, as the app does: in the
// order they were made, under the same lock, each leaving the queue once answered, those
// answered with a conflict or a refusal kept for the user's decision.
const QUEUE_TAG = 'banyan-queue';
const BATCH = 100;

self.addEventListener('sync', (event) => {
  if (event.tag === QUEUE_TAG) event.waitUntil(sendQueued());
});

async function sendQueued() {
  const open = await self.clients.matchAll({ type: 'window' });
  if (open.length > 0) return;
  const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('banyan-'));
  for (const name of names) {
    await navigator.locks.request(`banyan-sync-${name.slice('banyan-'.length)}`, () => sendQueue(name));
  }
}

function settled(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function sendQueue(name) {
  const db = await settled(indexedDB.open(name));
  try {
    if (!db.objectStoreNames.contains('queue')) return;
    for (;;) {
      const waiting = (await settled(db.transaction('queue').objectStore('queue').getAll())).slice(0, BATCH);
      if (waiting.length === 0) return;
      const writes = waiting.map((json) => JSON.parse(json));
      const answer = await fetch('/api/sync_writes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ writes }),
      });
      // Signed out, or the server is down: the browser tries again later.
      if (!answer.ok) throw new Error(`the server answered ${answer.status}`);
      const synced = await answer.json();
      const done = db.transaction(['queue', 'decisions'], 'readwrite');
      synced.outcomes.forEach((outcome, n) => {
        const queued = writes[n];
        if (outcome.outcome !== 'applied') done.objectStore('decisions').put(JSON.stringify({ queued, outcome }), queued.id);
        done.objectStore('queue').delete(queued.id);
      });
      await new Promise((resolve, reject) => {
        done.oncomplete = resolve;
        done.onerror = () => reject(done.error);
      });
      if (synced.stopped) throw new Error('the server stopped the batch');
      if (synced.outcomes.length === 0) return;
    }
  } finally {
    db.close();
  }
}
