/* Home page: the window's dates, places and countdown. */
(function () {
  'use strict';
  var G = window.Guichet;
  G.ready(function () {
    G.watchWindow({ container: document.getElementById('window-info') });
  });
})();
