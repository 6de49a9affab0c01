/* Log in, then go back where the candidate came from (same site only); an
   address not yet confirmed by its link is told so (403 email_unverified). */
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
    var unverified = document.getElementById('unverified');
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      unverified.hidden = true;
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
        if (result.status === 403 && G.errorCode(result) === 'email_unverified') {
          // The password was right; the address has not been confirmed by its link yet.
          G.fillText(unverified, 'unverified-email', form.email.value.trim());
          unverified.hidden = false;
          unverified.focus();
        } else if (result.status === 401) {
          G.errorSummary(summary, [{ id: 'email', text: G.errorText({ status: 401, data: result.data || { error: 'bad_credentials' } }, G.lang()) }]);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  });
})();
