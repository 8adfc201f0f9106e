// Fleet dashboard: refreshes the server-rendered table from /api/v1/servers every 10 s. Values are written
// with textContent only, so BMC-supplied text is never parsed as HTML.
(function () {
  'use strict';
  const table = document.getElementById('fleet');

  function fmtEvent(e) {
    if (!e) return '';
    return new Date(e.time * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' ' + e.severity + ' ' +
        e.sensor + ': ' + e.message;
  }
  function set(row, cls, text, extraClass) {
    const cell = row.querySelector('td.' + cls);
    if (!cell) return;
    cell.textContent = text;
    if (extraClass !== undefined) cell.className = cls + ' ' + extraClass;
  }
  function update(servers) {
    const byName = new Map(servers.map((s) => [s.name, s]));
    for (const row of table.tBodies[0].rows) {
      const s = byName.get(row.dataset.server);
      if (!s) continue;
      const reach = !s.collected ? ['not yet checked', 'unknown'] : s.reachable ? ['yes', 'up'] : ['no', 'down'];
      set(row, 'reachable', reach[0], reach[1]);
      set(row, 'power', s.power === null ? '?' : s.power);
      set(row, 'critical', String(s.events_24h.critical));
      set(row, 'warning', String(s.events_24h.warning));
      set(row, 'hottest', s.hottest_celsius === null ? '' : s.hottest_celsius.toFixed(1));
      set(row, 'last-event', fmtEvent(s.last_event));
      set(row, 'last-error', s.last_error);
    }
    document.getElementById('updated').textContent = 'Last update ' + new Date().toLocaleTimeString() + '.';
  }
  function poll() {
    fetch('/api/v1/servers', {credentials: 'same-origin'})
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((body) => update(body.servers))
        .catch(() => {})
        .finally(() => setTimeout(poll, 10000));
  }
  setTimeout(poll, 10000);
})();
