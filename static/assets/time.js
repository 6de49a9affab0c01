/* Dates, clocks and countdowns in the page's language, and the server's
   clock (a claim's rank follows the server's time, never the visitor's).
   Dates and times are shown in the program's zone (zone.js). */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  /* The program's zone ({name, label}, zone.js), set once /program.json is
     loaded (program.js); pages that show a time load it first. */
  var zone = null;
  G.setProgramZone = function (program) { zone = G.zoneOf(program); };
  G.programZone = function () { return zone; };

  /* A date and time in the program's zone, named, with the visitor's own time
     beside it when it reads differently. Before the program is known (it could
     not be loaded), the visitor's time with its zone's short name. */
  G.formatDateTime = function (ms) {
    try {
      if (zone) return G.zonedText(ms, zone, G.lang());
      return new Intl.DateTimeFormat(G.lang() === 'en' ? 'en-CA' : 'fr-CA', {
        weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
        hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
      }).format(new Date(ms));
    } catch (e) { return new Date(ms).toString(); }
  };
  G.formatClock = function (ms) {
    return new Intl.DateTimeFormat(G.lang() === 'en' ? 'en-CA' : 'fr-CA', {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
    }).format(new Date(ms));
  };
  /* "2 j 03 h 04 min 05 s" / "2 d 03 h 04 min 05 s" */
  G.formatDuration = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var pad = function (n) { return n < 10 ? '0' + n : '' + n; };
    var parts = [];
    if (d) parts.push(d + G.t(' j', ' d'));
    if (d || h) parts.push(pad(h) + ' h');
    if (d || h || m) parts.push(pad(m) + ' min');
    parts.push(pad(s) + ' s');
    return parts.join(' ');
  };

  /* The server's clock from /api/window, as an offset from the page's
     monotonic clock (performance.now), so neither a wrong nor a changed
     visitor clock matters. server_time is the moment nginx answered, filled
     in on every answer, cached or not; it was read somewhere between the
     request's sending and the answer's arrival, so it is placed half-way
     and is off by at most half the round trip (`error`).
     serverClock(current) measures again and keeps the better clock: the new
     one when its round trip was shorter, or when the two disagree by more
     than both errors together (one of them is wrong: a page asleep, whose
     monotonic clock stopped; the newer is trusted).
     Resolves to {result, clock}; clock is null until one answer had a server_time. */
  G.clockFrom = function (serverTime, sent, received) {
    var serverMs = Date.parse(serverTime);
    if (isNaN(serverMs) || !(received >= sent)) return null;
    var at = (sent + received) / 2;
    return { error: (received - sent) / 2, now: function () { return serverMs + (performance.now() - at); } };
  };
  G.betterClock = function (current, next) {
    if (!next) return current;
    if (!current || next.error <= current.error) return next;
    return Math.abs(current.now() - next.now()) > next.error + current.error + 1 ? next : current;  // +1: whole ms
  };
  G.serverClock = function (current) {
    var sent = performance.now();
    return G.api('GET', '/api/window').then(function (result) {
      var received = performance.now();
      var next = result.ok && result.data && result.data.server_time
        ? G.clockFrom(result.data.server_time, sent, received) : null;
      return { result: result, clock: G.betterClock(current || null, next) };
    });
  };
})();
