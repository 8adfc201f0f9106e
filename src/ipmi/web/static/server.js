// Server page: draws the selected sensor's history (GET /api/v1/servers/{name}/history) with uPlot.
(function () {
  'use strict';
  const select = document.getElementById('chart-sensor');
  const chart = document.getElementById('chart');
  let plot = null;

  function draw() {
    if (!select || !select.value) return;
    const url = '/api/v1/servers/' + encodeURIComponent(select.dataset.server) + '/history?sensor=' +
        encodeURIComponent(select.value);
    fetch(url, {credentials: 'same-origin'})
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((h) => {
          if (plot) plot.destroy();
          const opts = {
            width: Math.max(400, chart.clientWidth || 800), height: 300,
            series: [{}, {label: h.sensor + ' min', stroke: '#7aa6d8'}, {label: h.sensor, stroke: '#1f5fa8', width: 2},
                     {label: h.sensor + ' max', stroke: '#d8837a'}],
          };
          plot = new uPlot(opts, [h.time, h.min, h.avg, h.max], chart);
          chart.dataset.points = String(h.time.length);
        })
        .catch(() => {});
  }
  if (select) {
    select.addEventListener('change', draw);
    draw();
    setInterval(draw, 30000);
  }
})();
