/* The account page: create an account, then "check your email" (the address
   must be confirmed by its link before logging in); or, for a logged-in
   candidate, "my account" with the change of address (change-email.js). */
(function () {
  'use strict';
  var G = window.Guichet;

  function loggedInHint() {
    try { return !!localStorage.getItem('guichet_user'); } catch (e) { return false; }
  }

  function showAccount(root, me) {
    G.fillText(root, 'account-name', me.name || '');
    G.fillText(root, 'account-email', me.email || '');
    document.body.setAttribute('data-title-fr', 'Guichet — Mon compte');
    document.body.setAttribute('data-title-en', 'Guichet — My account');
    document.title = document.body.getAttribute('data-title-' + G.lang());
    G.showState(root, 'account', false);
  }

  /* Which state the page opens in: "my account" when the session is live. */
  function chooseState(root, status) {
    if (!loggedInHint()) return;
    G.showState(root, 'loading', false);
    G.api('GET', '/api/me').then(function (result) {
      if (result.ok && result.data) { showAccount(root, result.data); return; }
      if (result.status === 401) G.rememberUser(null);
      else G.showFailure(status, result);
      G.showState(root, 'signup', false);
    });
  }

  G.ready(function () {
    var root = document.getElementById('account-page');
    var form = document.getElementById('account-form');
    var summary = document.getElementById('error-summary');
    var status = document.getElementById('page-status');
    status.setAttribute('tabindex', '-1');
    chooseState(root, status);
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      var errors = G.checkForm(form);
      if (errors.length) { G.errorSummary(summary, errors); return; }
      G.errorSummary(summary, []);
      var email = form.email.value.trim();
      busy = true;
      status.appendChild(G.el('p', { text: G.t('Création du compte…', 'Creating the account…') }));
      G.api('POST', '/api/accounts', { email: email, password: form.password.value, name: form.name.value.trim(), lang: G.lang() }).then(function (result) {
        busy = false;
        G.clear(status);
        if (result.status === 202) {
          // The same answer whether or not the address had an account: say what was sent, and where.
          form.password.value = '';
          G.fillText(root, 'sent-to', email);
          G.showState(root, 'sent');
          return;
        }
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
