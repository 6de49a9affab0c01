/* Navigation and the session hint: which header links show (logged in or
   out) and the current page in the menu; the pages learn the truth from
   their own API calls. While a logged-in page stays open, a GET /api/me
   every ten minutes keeps the session's idle clock moving (the accounts
   pool, never the claim's), so a page left open since the evening before is
   still logged in at the opening. */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  G.rememberUser = function (name) {
    try { if (name) localStorage.setItem('guichet_user', name); else localStorage.removeItem('guichet_user'); } catch (e) { /* private mode */ }
    showSessionLinks();
  };
  function showSessionLinks() {
    var user = null;
    try { user = localStorage.getItem('guichet_user'); } catch (e) { /* private mode */ }
    var inOnly = document.querySelectorAll('.when-logged-in');
    var outOnly = document.querySelectorAll('.when-logged-out');
    for (var i = 0; i < inOnly.length; i++) inOnly[i].hidden = !user;
    for (var j = 0; j < outOnly.length; j++) outOnly[j].hidden = !!user;
  }
  G.logout = function () {
    return G.api('DELETE', '/api/session').then(function (result) {
      if (result.ok || result.status === 401) {
        G.rememberUser(null);
        location.href = '/index.html';
      } else {
        var box = document.getElementById('page-status');
        if (box) G.showFailure(box, result);
      }
    });
  };

  function markCurrentPage() {
    var links = document.querySelectorAll('nav.main a');
    var here = location.pathname === '/' ? '/index.html' : location.pathname;
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute('href') === here) links[i].setAttribute('aria-current', 'page');
    }
  }

  var HEARTBEAT_MS = 10 * 60 * 1000;
  function heartbeat() {
    var user = null;
    try { user = localStorage.getItem('guichet_user'); } catch (e) { /* private mode */ }
    if (!user) return;
    G.request('GET', '/api/me').then(function (result) {
      if (result.status === 401) G.rememberUser(null);  // ended elsewhere: the header says so
    });
  }

  G.ready(function () {
    markCurrentPage();
    showSessionLinks();
    setInterval(heartbeat, HEARTBEAT_MS);
    var logout = document.getElementById('logout');
    if (logout) logout.addEventListener('click', function () { G.logout(); });
  });
})();
