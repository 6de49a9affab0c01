/* Forgot your password: without a token, ask for a link (the answer never
   says whether the address has an account); with the link's token, choose a
   new password (the signup's rules), which ends every session. */
(function () {
  'use strict';
  var G = window.Guichet;

  function setTitle(fr, en) {
    document.body.setAttribute('data-title-fr', 'Guichet — ' + fr);
    document.body.setAttribute('data-title-en', 'Guichet — ' + en);
    document.title = document.body.getAttribute('data-title-' + G.lang());
  }

  /* A 429 from the accounts pool: this connection asked too often; how long to wait, in words. */
  function tooOften(box, result) {
    var seconds = result.retryAfter || 60;
    var minutes = Math.ceil(seconds / 60);
    G.clear(box).appendChild(G.el('div', { class: 'notice notice-warn' }, [G.el('p', { text: seconds < 120
      ? G.t('Trop de demandes depuis votre connexion. Patientez ' + seconds + ' secondes, puis réessayez.',
            'Too many requests from your connection. Wait ' + seconds + ' seconds, then try again.')
      : G.t('Trop de demandes depuis votre connexion. Patientez ' + minutes + ' minutes, puis réessayez. Les liens déjà envoyés restent valides.',
            'Too many requests from your connection. Wait ' + minutes + ' minutes, then try again. The links already sent still work.') })]));
    box.focus();
  }

  function wireRequest(root, status) {
    var form = document.getElementById('reset-request-form');
    var summary = document.getElementById('request-error-summary');
    var sent = document.getElementById('request-sent');
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      sent.hidden = true;
      var errors = G.checkForm(form);
      if (errors.length) { G.errorSummary(summary, errors); return; }
      G.errorSummary(summary, []);
      var email = form.email.value.trim();
      busy = true;
      G.api('POST', '/api/password-reset', { email: email }).then(function (result) {
        busy = false;
        if (result.status === 202) {
          document.getElementById('bad-token').hidden = true;
          G.fillText(sent, 'reset-email', email);
          sent.hidden = false;
          sent.focus();
        } else if (result.status === 429) {
          tooOften(status, result);
        } else if (result.status === 422 && result.data && result.data.fields) {
          G.errorSummary(summary, G.applyFieldErrors(form, result.data.fields, 'reset-'), result.data.message);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  }

  function wireChoose(root, status, token) {
    var form = document.getElementById('reset-choose-form');
    var summary = document.getElementById('choose-error-summary');
    var busy = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      G.clear(status);
      var errors = G.checkForm(form);
      if (errors.length) { G.errorSummary(summary, errors); return; }
      G.errorSummary(summary, []);
      busy = true;
      G.api('POST', '/api/password-reset/confirm', { token: token, password: form.password.value }).then(function (result) {
        busy = false;
        if (result.status === 204) {
          form.reset();
          G.rememberUser(null);  // every session was revoked, this browser's too
          setTitle('Mot de passe changé', 'Password changed');
          G.showState(root, 'done');
        } else if (result.status === 400 && G.errorCode(result) === 'bad_token') {
          form.reset();
          setTitle('Mot de passe oublié', 'Forgot your password');
          G.showState(root, 'request', false);
          var notice = document.getElementById('bad-token');
          notice.hidden = false;
          notice.focus();
        } else if (result.status === 422 && result.data && result.data.fields) {
          G.errorSummary(summary, G.applyFieldErrors(form, result.data.fields, 'new-'), result.data.message);
        } else if (result.status === 429) {
          tooOften(status, result);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  }

  G.ready(function () {
    var root = document.getElementById('reset-page');
    var status = document.getElementById('page-status');
    var token = G.takeToken();
    wireRequest(root, status);
    if (token) {
      wireChoose(root, status, token);
      setTitle('Choisir un nouveau mot de passe', 'Choose a new password');
      G.showState(root, 'choose', false);
    }
  });
})();
