/* The token of a link sent by email (/verify-email.html?token=…,
   /reset-password.html?token=…): read once, then taken out of the address
   bar, so that it is not left in the history, a bookmark or an address
   copied from the bar. It then goes in one request only, in the body of a
   POST; nginx's Referrer-Policy: no-referrer keeps the page's own address out
   of every other request, and no link on these pages carries it. */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  G.takeToken = function () {
    var token = new URLSearchParams(location.search).get('token') || '';
    if (location.search && window.history && history.replaceState) {
      history.replaceState(null, '', location.pathname + location.hash);
    }
    return token.trim();
  };
})();
