/* Times in the program's zone (/program.json "time_zone", an IANA name such
   as America/Montreal), named in words, with the viewer's own time beside it
   when it reads differently. The browser's Intl does the conversion. Shared by
   the candidate pages (time.js) and the admin console (/admin/common.js). */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  var FULL = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  var SHORT = { weekday: 'long', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' };

  function locale(lang) { return lang === 'en' ? 'en-CA' : 'fr-CA'; }
  function format(ms, lang, zoneName, options) {
    return new Intl.DateTimeFormat(locale(lang), Object.assign({ timeZone: zoneName }, options)).format(new Date(ms));
  }
  /* "08 h 30" stays on one line. */
  function unbroken(text) { return text.replace(/(\d) h (\d)/g, '$1\u00a0h\u00a0$2'); }

  /* The viewer's zone (the browser's), or null when it cannot tell. */
  G.viewerZone = function () {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  };

  /* {name, label: {fr, en}} of a program definition: its time_zone and the
     words for it, else the zone's city ("Port_of_Spain": "Port of Spain"), the
     rule the server follows (handlers/domain/program.cc); UTC when it names none. */
  G.zoneOf = function (program) {
    var name = (program && program.time_zone) || 'UTC';
    var label = program && program.time_zone_label;
    if (!label || !label.fr || !label.en) {
      var city = name.split('/').pop().replace(/_/g, ' ');
      label = name === 'UTC' ? { fr: 'UTC', en: 'UTC' } : { fr: 'heure de ' + city, en: city + ' time' };
    }
    return { name: name, label: label };
  };

  /* {main, local}: "lundi 16 février 2026 à 08 h 30, heure de Montréal", and
     "lundi 16 février à 22 h 30, heure normale du Japon" for a viewer in Tokyo
     (null when the viewer's clock reads the same as the program's then). */
  G.zonedParts = function (ms, zone, lang) {
    var main = format(ms, lang, zone.name, FULL) + ', ' + zone.label[lang === 'en' ? 'en' : 'fr'];
    var viewer = G.viewerZone();
    var local = null;
    if (viewer && format(ms, lang, viewer, FULL) !== format(ms, lang, zone.name, FULL)) {
      var parts = new Intl.DateTimeFormat(locale(lang), Object.assign({ timeZone: viewer, timeZoneName: 'long' }, SHORT))
        .formatToParts(new Date(ms));
      var name = '';
      var text = parts.map(function (p) {
        if (p.type === 'timeZoneName') { name = p.value; return ''; }
        return p.value;
      }).join('').trim();
      local = text + (name ? ', ' + name : '');
    }
    return { main: unbroken(main), local: local && unbroken(local) };
  };

  /* The same as one text: "…, heure de Montréal (chez vous : …)". */
  G.zonedText = function (ms, zone, lang) {
    var parts = G.zonedParts(ms, zone, lang);
    if (!parts.local) return parts.main;
    return parts.main + ' (' + (lang === 'en' ? 'your time: ' : 'chez vous : ') + parts.local + ')';
  };

  /* "2026-02-16T08:30:00": the wall clock of zoneName at ms (for datetime-local inputs). */
  G.zoneWall = function (ms, zoneName) {
    var p = {};
    new Intl.DateTimeFormat('en-US', {
      timeZone: zoneName, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit'
    }).formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = part.value; });
    return p.year + '-' + p.month + '-' + p.day + 'T' + p.hour + ':' + p.minute + ':' + p.second;
  };

  function wallAsUtc(wall) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?/.exec(wall);
    if (!m) return NaN;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  }

  /* The instant whose wall clock in zoneName reads `wall` ("YYYY-MM-DDTHH:MM[:SS]");
     NaN when it is not such a text. A wall time that a spring change skips
     gives an instant an hour away; one that an autumn change repeats, one of the two. */
  G.zoneWallToMs = function (wall, zoneName) {
    var target = wallAsUtc(wall);
    if (isNaN(target)) return NaN;
    var offset = function (ms) { return wallAsUtc(G.zoneWall(ms, zoneName)) - Math.floor(ms / 1000) * 1000; };
    var guess = target - offset(target);
    return target - offset(guess);
  };
})();
