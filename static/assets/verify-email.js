/* The link from a confirmation email (signup, or a change of address):
   /verify-email.html?token=TOKEN, POSTed once (link-token.js says where the
   token goes and where it does not). */
(function () {
  'use strict';
  var G = window.Guichet;

  G.ready(function () {
    var root = document.getElementById('verify-email');
    var status = document.getElementById('page-status');
    var token = G.takeToken();
    if (!token) { G.showState(root, 'no-token'); return; }

    function confirm() {
      G.clear(status);
      G.showState(root, 'checking', false);
      G.api('POST', '/api/accounts/verify', { token: token }).then(function (result) {
        if (result.ok) {
          token = '';
          G.fillText(root, 'verified-email', (result.data && result.data.email) || '');
          G.showState(root, 'verified');
        } else if (result.status === 400 && G.errorCode(result) === 'bad_token') {
          token = '';
          G.showState(root, 'bad-token');
        } else {
          // Down or busy: the link is still good, so it can be tried again. Refused
          // otherwise (409: the new address got an account meanwhile): the API's words.
          G.showFailure(status, result);
          G.showState(root, G.isUnavailable(result) || G.isBusy(result) ? 'failed' : 'none', false);
          status.focus();
        }
      });
    }
    document.getElementById('verify-again').addEventListener('click', confirm);
    confirm();
  });
})();
