// The live dashboard: figures every 5 seconds (the mailer's queue among them),
// a small SVG chart of claims per second, the health of each pool. No library.
'use strict';
(function () {
  var SVG = 'http://www.w3.org/2000/svg';

  function set(id, value) {
    document.getElementById(id).textContent = value === null || value === undefined ? '—' : String(value);
  }

  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function drawChart(buckets) {
    var chart = document.getElementById('chart');
    while (chart.firstChild) chart.removeChild(chart.firstChild);
    var width = 600, height = 160, pad = 24;
    var max = 1;
    buckets.forEach(function (b) { if (b.per_second > max) max = b.per_second; });
    var points = buckets.map(function (b, i) {
      var x = pad + i * (width - 2 * pad) / Math.max(1, buckets.length - 1);
      var y = height - pad - (b.per_second / max) * (height - 2 * pad);
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    chart.appendChild(svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: '#888' }));
    chart.appendChild(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#0055aa', 'stroke-width': 2 }));
    var label = svg('text', { x: pad, y: 14, 'font-size': 12, fill: '#333' });
    label.textContent = 'max ' + max.toFixed(1) + '/s';
    chart.appendChild(label);
  }

  function showPools(pools) {
    var body = document.getElementById('pools');
    while (body.firstChild) body.removeChild(body.firstChild);
    pools.forEach(function (pool) {
      var row = document.createElement('tr');
      [pool.name, pool.state, pool.ms.toFixed(1), pool.detail].forEach(function (text, i) {
        var cell = document.createElement('td');
        cell.textContent = text;
        if (i === 1) cell.className = 'state-' + pool.state;
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
  }

  /* An age in seconds as "45 s", "12 min 5 s" or "3 h 20 min"; "—" when nothing waits. */
  function age(seconds, queued) {
    if (!queued) return '—';
    if (seconds < 60) return seconds + ' s';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
    return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  }

  /* The mailer's queue: failing messages (or one waiting over 5 minutes) are flagged in words too. */
  function showMail(mail) {
    if (!mail) return;
    set('s-mail-queued', mail.queued);
    set('s-mail-oldest', age(mail.oldest_seconds, mail.queued) + (mail.queued && mail.oldest_seconds >= 300 ? ' ⚠' : ''));
    set('s-mail-failing', mail.failing + (mail.failing > 0 ? ' ⚠' : ''));
    document.getElementById('s-mail-failing').className = mail.failing > 0 ? 'state-down' : '';
    document.getElementById('s-mail-oldest').className = mail.queued && mail.oldest_seconds >= 300 ? 'state-busy' : '';
  }

  function refresh() {
    Guichet.api('GET', '/api/admin/stats').then(function (s) {
      set('stats-at', Guichet.timeText(s.at));
      set('s-state', s.window && s.window.state);
      set('s-accounts', s.accounts);
      set('s-started', s.dossiers_started);
      set('s-compliant', s.dossiers_compliant);
      set('s-claims', s.claims);
      set('s-granted', s.granted);
      set('s-waitlisted', s.waitlisted);
      set('s-left', s.places_left);
      set('s-rate', s.claims_per_second_last_minute.toFixed(1));
      set('s-503', s.http.status_503);
      showMail(s.mail);
      set('s-duplicates', s.duplicates + ' / ' + s.duplicate_attempts);
      drawChart(s.claims_rate.buckets);
      showPools(s.pools);
    }).catch(Guichet.fail);
  }

  Guichet.api('GET', '/api/admin/session').then(function (me) { set('who', me.user); }).catch(Guichet.fail);
  document.getElementById('logout').addEventListener('click', function () {
    Guichet.api('DELETE', '/api/admin/session').then(function () { window.location.href = '/admin/'; }).catch(Guichet.fail);
  });
  Guichet.zoneReady.then(function () {
    refresh();
    setInterval(refresh, 5000);
  });
})();
