// Window controls: schedule, pause, resume, close. The dates are shown and
// typed in the program's zone (common.js), the viewer's own time beside them.
'use strict';
(function () {
  var form = document.getElementById('window-form');
  var zone = function () { return Guichet.consoleZone(); };

  function toZoneInput(iso) { return iso ? Guichet.zoneWall(Date.parse(iso), zone().name) : ''; }
  function fromZoneInput(value) { return Guichet.zoneWallToMs(value, zone().name); }

  /* Beside each date field: what it is on the viewer's clock. */
  function echoLocal(input) {
    var local = Guichet.viewerTime(fromZoneInput(input.value));
    document.getElementById(input.id + '-local').textContent = local ? '= ' + local : '';
  }

  function show(w) {
    document.getElementById('window-now').textContent =
      'État / State : ' + w.state + ' — ' + Guichet.timeText(w.opens_at) + ' → ' + Guichet.timeText(w.closes_at) +
      ' — places : ' + w.places_total + ' (restantes / left : ' + w.places_left + ')';
    form.opens_at.value = toZoneInput(w.opens_at);
    form.closes_at.value = toZoneInput(w.closes_at);
    echoLocal(form.opens_at);
    echoLocal(form.closes_at);
    form.places_total.value = w.places_total;
    form.policy.value = w.policy;
  }

  function load() { Guichet.api('GET', '/api/admin/window').then(show).catch(Guichet.fail); }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var opens = fromZoneInput(form.opens_at.value), closes = fromZoneInput(form.closes_at.value);
    if (isNaN(opens) || isNaN(closes)) {
      Guichet.say('Dates requises / Dates required', false);
      return;
    }
    Guichet.api('PUT', '/api/admin/window', {
      opens_at: new Date(opens).toISOString(),
      closes_at: new Date(closes).toISOString(),
      places_total: parseInt(form.places_total.value, 10),
      policy: form.policy.value
    }).then(function (w) { show(w); Guichet.say('Période enregistrée / Window saved', true); }).catch(Guichet.fail);
  });
  [form.opens_at, form.closes_at].forEach(function (input) {
    input.addEventListener('input', function () { echoLocal(input); });
  });

  ['pause', 'resume', 'close'].forEach(function (action) {
    document.getElementById(action).addEventListener('click', function () {
      if (action === 'close' && !window.confirm('Fermer la période maintenant ? / Close the window now?')) return;
      var body = { banner: document.getElementById('with-banner').checked };
      Guichet.api('POST', '/api/admin/window/' + action, action === 'close' ? {} : body)
        .then(function (w) { show(w); Guichet.say('OK : ' + w.state, true); }).catch(Guichet.fail);
    });
  });

  Guichet.zoneReady.then(function (z) {
    document.querySelectorAll('.program-zone-fr').forEach(function (node) { node.textContent = z.label.fr; });
    document.querySelectorAll('.program-zone-en').forEach(function (node) { node.textContent = z.label.en; });
    load();
  });
})();
