// Window controls: schedule, pause, resume, close.
'use strict';
(function () {
  var form = document.getElementById('window-form');

  function toLocalInput(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    var pad = function (n) { return String(n).padStart(2, '0'); };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function show(w) {
    document.getElementById('window-now').textContent =
      'État / State : ' + w.state + ' — ' + Guichet.localTime(w.opens_at) + ' → ' + Guichet.localTime(w.closes_at) +
      ' — places : ' + w.places_total + ' (restantes / left : ' + w.places_left + ')';
    form.opens_at.value = toLocalInput(w.opens_at);
    form.closes_at.value = toLocalInput(w.closes_at);
    form.places_total.value = w.places_total;
    form.policy.value = w.policy;
  }

  function load() { Guichet.api('GET', '/api/admin/window').then(show).catch(Guichet.fail); }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!form.opens_at.value || !form.closes_at.value) {
      Guichet.say('Dates requises / Dates required', false);
      return;
    }
    Guichet.api('PUT', '/api/admin/window', {
      opens_at: new Date(form.opens_at.value).toISOString(),
      closes_at: new Date(form.closes_at.value).toISOString(),
      places_total: parseInt(form.places_total.value, 10),
      policy: form.policy.value
    }).then(function (w) { show(w); Guichet.say('Période enregistrée / Window saved', true); }).catch(Guichet.fail);
  });

  ['pause', 'resume', 'close'].forEach(function (action) {
    document.getElementById(action).addEventListener('click', function () {
      if (action === 'close' && !window.confirm('Fermer la période maintenant ? / Close the window now?')) return;
      var body = { banner: document.getElementById('with-banner').checked };
      Guichet.api('POST', '/api/admin/window/' + action, action === 'close' ? {} : body)
        .then(function (w) { show(w); Guichet.say('OK : ' + w.state, true); }).catch(Guichet.fail);
    });
  });

  load();
})();
