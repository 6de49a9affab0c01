'use strict';
document.getElementById('login').addEventListener('submit', function (event) {
  event.preventDefault();
  var form = event.target;
  Guichet.api('POST', '/api/admin/session', {
    user: form.user.value.trim(),
    password: form.password.value,
    totp: form.totp.value.trim()
  }).then(function () {
    window.location.href = '/admin/console.html';
  }).catch(function (error) {
    form.totp.value = '';
    Guichet.fail(error);
  });
});
