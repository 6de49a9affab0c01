// Shared by the console pages: the site's API client (/assets/api.js, loaded
// first) wrapped for the console, and messages. The console's own behaviour:
// api() resolves with the parsed body and rejects with an Error whose message
// is the server's (already in French or English), or the catalogue's in both,
// and a 401 outside the login itself means the admin session has ended, so
// the console goes back to its login page.
'use strict';
(function (G) {
  G.api = function (method, path, body) {
    return G.request(method, path, body).then(function (result) {
      if (result.status === 401 && path !== '/api/admin/session') {
        window.location.href = '/admin/';
        throw new Error('Session expirée / Session expired');
      }
      if (result.status === 0) throw new Error('Serveur injoignable / Server unreachable');
      if (!result.ok) {
        var data = result.data;
        var text = G.errorText(result);
        if (data && data.fields) text += ' (' + JSON.stringify(data.fields) + ')';
        if (G.isBusy(result) && result.retryAfter) text += ' — ' + result.retryAfter + ' s';
        throw new Error(text);
      }
      return result.data;
    });
  };
  G.say = function (text, ok) {
    var box = document.getElementById('message');
    box.textContent = text;
    box.className = ok ? 'message ok' : 'message';
  };
  G.fail = function (error) { G.say(error.message, false); };
  G.localTime = function (iso) { return iso ? new Date(iso).toLocaleString() : '—'; };
})(window.Guichet);
