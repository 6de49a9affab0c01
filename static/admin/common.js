// Shared by the console pages: calls to /api/admin/ and messages.
'use strict';
var Guichet = {
  // Resolves with the parsed JSON body (or null); rejects with an Error whose
  // message is the server's (already in French or English).
  api: function (method, path, body) {
    var options = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      if (response.status === 401 && path !== '/api/admin/session') {
        window.location.href = '/admin/';
        throw new Error('Session expirée / Session expired');
      }
      if (response.status === 204) return null;
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var text = (data && data.message) || ('HTTP ' + response.status);
          if (data && data.fields) text += ' (' + JSON.stringify(data.fields) + ')';
          throw new Error(text);
        }
        return data;
      });
    });
  },
  say: function (text, ok) {
    var box = document.getElementById('message');
    box.textContent = text;
    box.className = ok ? 'message ok' : 'message';
  },
  fail: function (error) { Guichet.say(error.message, false); },
  localTime: function (iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
};
