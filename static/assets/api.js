/* The one API client, loaded by the candidate site and by the admin console
   (/admin/common.js wraps it). No framework, no build step.
   request(method, path, body?) -> Promise<{status, ok, data, retryAfter, path}>:
   JSON in the contract's shape, same-origin with credentials, never cached.
   status 0 means the network failed (no answer at all); it never rejects, so
   each caller decides what an honest answer is. The handlers pick the
   message's language from the `lang` cookie, so nothing is sent for it here. */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  G.request = function (method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      var retry = parseInt(response.headers.get('Retry-After') || '', 10);
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: response.status, ok: response.ok, data: data, path: path,
                 retryAfter: isNaN(retry) ? null : retry };
      });
    }, function () {
      return { status: 0, ok: false, data: null, path: path, retryAfter: null };
    });
  };
  /* The site calls it api(); the console replaces api() with its own wrapper. */
  G.api = G.request;

  G.errorCode = function (result) { return result && result.data && result.data.error || ''; };

  /* The words of a failed result: the API's own message (already in the
     visitor's language); else the catalogue's (G.ERRORS, /assets/messages.js,
     generated from handlers/base/errors.def) for its code, or for its status
     when the body is not the contract's (a proxy's page); else the status.
     lang: 'fr', 'en', or absent for both ("fr / en"). */
  G.errorText = function (result, lang) {
    if (result.data && typeof result.data.message === 'string' && result.data.message) return result.data.message;
    var table = G.ERRORS || {};
    var entry = table[G.errorCode(result)];
    if (!entry) {
      Object.keys(table).some(function (code) { return table[code].status === result.status && (entry = table[code]); });
    }
    if (!entry) entry = { fr: 'Erreur ' + result.status + '.', en: 'Error ' + result.status + '.' };
    return lang ? entry[lang] : entry.fr + ' / ' + entry.en;
  };

  /* A handler that is down: nginx answers 503 "unavailable". "busy" (queue
     full) and 429 are a different story: the function works, it is crowded. */
  G.isUnavailable = function (result) {
    return result.status === 0 || result.status === 502 || result.status === 504 ||
      (result.status === 503 && G.errorCode(result) !== 'busy') || (result.status >= 500 && result.status !== 503);
  };
  G.isBusy = function (result) {
    return result.status === 429 || (result.status === 503 && G.errorCode(result) === 'busy');
  };
})();
