/* "Change my email address" on the account page (logged in): the new
   address and the current password; a link goes to the new address, and the
   current one stays the account's until that link is followed. */
(function () {
  'use strict';
  var G = window.Guichet;
  // The API's field names, and the inputs of this form that hold them.
  var INPUTS = { email: 'new-email', password: 'current-password' };

  function fieldErrors(fields) {
    var errors = [];
    Object.keys(fields || {}).forEach(function (name) {
      var input = document.getElementById(INPUTS[name] || '');
      var text = G.fieldCodeText(fields[name]);
      if (!input) { errors.push({ id: 'new-email', text: name + ' : ' + text }); return; }
      G.fieldError(input, text);
      errors.push({ id: input.id, text: G.labelText(input) + ' : ' + text });
    });
    return errors;
  }

  G.ready(function () {
    var form = document.getElementById('change-email-form');
    var summary = document.getElementById('change-error-summary');
    var sent = document.getElementById('change-sent');
    var status = document.getElementById('page-status');
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
      G.api('PUT', '/api/me/email', { email: email, password: form.password.value }).then(function (result) {
        busy = false;
        if (result.status === 202) {
          form.reset();
          G.fillText(sent, 'new-email', email);
          sent.hidden = false;
          sent.focus();
          return;
        }
        var code = G.errorCode(result);
        if (result.status === 401 && code === 'bad_credentials') {
          var text = G.t('Le mot de passe actuel est incorrect.', 'The current password is incorrect.');
          G.fieldError(form.password, text);
          G.errorSummary(summary, [{ id: 'current-password', text: text }]);
        } else if (result.status === 401) {
          G.rememberUser(null);
          status.appendChild(G.loginNotice());
          status.focus();
        } else if (result.status === 422 && result.data && result.data.fields) {
          G.errorSummary(summary, fieldErrors(result.data.fields), result.data.message);
        } else {
          G.showFailure(status, result);
          status.focus();
        }
      });
    });
  });
})();
