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
