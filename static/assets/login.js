/* Log in, then go back where the candidate came from (same site only). */
(function () {
  'use strict';
  var G = window.Guichet;

  function nextPage() {
    var next = new URLSearchParams(location.search).get('next') || '';
    // Only a path on this site: never an absolute or protocol-relative address.
    return /^\/[A-Za-z0-9_\-\/.]*(\?[A-Za-z0-9_=&%\-.]*)?$/.test(next) && next.indexOf('//') < 0 ? next : '/dossier.html';
  }

  G.ready(function () {
    var form = document.getElementById('login-form');
    var summary = document.getElementById('error-summary');
    var status = document.getElementById('page-status');
    status.setAttribute('tabindex', '-1');
    if (new URLSearchParams(location.search).get('created')) {
      status.appendChild(G.el('p', { class: 'notice notice-ok', text: G.t('Demande reçue. Connectez-vous pour continuer. Si cette adresse avait déjà un compte, utilisez le mot de passe de ce compte.', 'Request received. Log in to continue. If this address already had an account, use that account\'s password.') }));
    }
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      var errors = G.checkForm(form);
      if (errors.length) { G.errorSummary(summary, errors); return; }
      G.errorSummary(summary, []);
      busy = true;
      status.appendChild(G.el('p', { text: G.t('Connexion…', 'Logging in…') }));
      G.api('POST', '/api/session', { email: form.email.value.trim(), password: form.password.value }).then(function (result) {
        busy = false;
        if (result.ok) {
          G.rememberUser((result.data && result.data.name) || form.email.value.trim());
          if (result.data && (result.data.lang === 'fr' || result.data.lang === 'en') && !/(?:^|;\s*)lang=/.test(document.cookie)) G.setLang(result.data.lang);
          location.href = nextPage();
          return;
        }
        G.clear(status);
        if (result.status === 401) {
          G.errorSummary(summary, [{ id: 'email', text: G.errorText({ status: 401, data: result.data || { error: 'bad_credentials' } }, G.lang()) }]);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  });
})();
