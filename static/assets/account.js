/* Create an account, then log in at once and go to the dossier. */
(function () {
  'use strict';
  var G = window.Guichet;
  G.ready(function () {
    var form = document.getElementById('account-form');
    var summary = document.getElementById('error-summary');
    var status = document.getElementById('page-status');
    status.setAttribute('tabindex', '-1');
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      var errors = G.checkForm(form);
      if (errors.length) { G.errorSummary(summary, errors); return; }
      G.errorSummary(summary, []);
      var email = form.email.value.trim();
      var password = form.password.value;
      var name = form.name.value.trim();
      busy = true;
      status.appendChild(G.el('p', { text: G.t('Création du compte…', 'Creating the account…') }));
      G.api('POST', '/api/accounts', { email: email, password: password, name: name, lang: G.lang() }).then(function (result) {
        if (result.status === 202) {
          return G.api('POST', '/api/session', { email: email, password: password }).then(function (login) {
            if (login.ok) {
              G.rememberUser((login.data && login.data.name) || name);
              location.href = '/dossier.html?welcome=1';
              return;
            }
            G.clear(status);
            location.href = '/login.html?created=1';
          });
        }
        busy = false;
        G.clear(status);
        if (result.data && result.data.fields && result.status === 422) {
          G.errorSummary(summary, G.applyFieldErrors(form, result.data.fields), result.data.message);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  });
})();
