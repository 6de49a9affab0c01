// Shared by the console pages: the site's API client (/assets/api.js, loaded
// first) wrapped for the console, and messages. The console's own behaviour:
// api() resolves with the parsed body and rejects with an Error whose message
// is the server's (already in French or English), or the catalogue's in both,
// and a 401 outside the login itself means the admin session has ended, so
// the console goes back to its login page.
'use strict';
(function (G) {
  G.api = function (method, path, body) {
    return G.request(method, path, body).then(function (result) {
      if (result.status === 401 && path !== '/api/admin/session') {
        window.location.href = '/admin/';
        throw new Error('Session expirée / Session expired');
      }
      if (result.status === 0) throw new Error('Serveur injoignable / Server unreachable');
      if (!result.ok) {
        var data = result.data;
        var text = G.errorText(result);
        if (data && data.fields) text += ' (' + JSON.stringify(data.fields) + ')';
        if (G.isBusy(result) && result.retryAfter) text += ' — ' + result.retryAfter + ' s';
        throw new Error(text);
      }
      return result.data;
    });
  };
  G.say = function (text, ok) {
    var box = document.getElementById('message');
    box.textContent = text;
    box.className = ok ? 'message ok' : 'message';
  };
  G.fail = function (error) { G.say(error.message, false); };

  /* The program's zone (/program.json, /assets/zone.js), in which the console
     shows and takes every time; UTC until it is loaded, or if it cannot be.
     The console's parts start once it is known (G.zoneReady). */
  var zone = G.zoneOf(null);
  G.zoneReady = G.request('GET', '/program.json').then(function (result) {
    if (result.ok && result.data) zone = G.zoneOf(result.data);
    return zone;
  });
  G.consoleZone = function () { return zone; };
  /* The viewer's own wall clock at ms, when it reads differently from the
     program's: "2026-02-16 22:30:00, Asia/Tokyo"; else ''. */
  G.viewerTime = function (ms) {
    var viewer = G.viewerZone();
    if (!viewer || isNaN(ms)) return '';
    var local = G.zoneWall(ms, viewer);
    return local === G.zoneWall(ms, zone.name) ? '' : local.replace('T', ' ') + ', ' + viewer;
  };
  /* "2026-02-16 08:30:00 heure de Montréal / Montreal time (chez vous / your time : 2026-02-16 22:30:00, Asia/Tokyo)" */
  G.timeText = function (iso) {
    if (!iso) return '—';
    var ms = Date.parse(iso);
    if (isNaN(ms)) return String(iso);
    var text = G.zoneWall(ms, zone.name).replace('T', ' ') + ' ' + zone.label.fr + ' / ' + zone.label.en;
    var local = G.viewerTime(ms);
    return local ? text + ' (chez vous / your time : ' + local + ')' : text;
  };
})(window.Guichet);
