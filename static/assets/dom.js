/* Guichet's DOM helpers: elements built without innerHTML (the CSP allows no
   inline script, and text from the API is never parsed as HTML). */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  G.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var key in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] == null || attrs[key] === false) continue;
        if (key === 'text') node.textContent = attrs[key];
        else if (key === 'class') node.className = attrs[key];
        else if (attrs[key] === true) node.setAttribute(key, '');
        else node.setAttribute(key, attrs[key]);
      }
    }
    (children || []).forEach(function (child) {
      if (child == null) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  };
  G.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); return node; };

  /* Pages with states written in the HTML (both languages, so the switch
     needs no script): shows the child of `root` whose data-state is `name`,
     hides the others, and moves focus to it (it has tabindex="-1") so that
     the new state is read out. Returns the element shown. */
  G.showState = function (root, name, focus) {
    var shown = null;
    var states = root.querySelectorAll('[data-state]');
    for (var i = 0; i < states.length; i++) {
      states[i].hidden = states[i].getAttribute('data-state') !== name;
      if (!states[i].hidden) shown = states[i];
    }
    root.setAttribute('data-shown', name);
    if (shown && focus !== false) shown.focus();
    return shown;
  };
  /* Fills every `.CLASS` under `root` with text (an address in a sentence). */
  G.fillText = function (root, className, text) {
    var nodes = root.querySelectorAll('.' + className);
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = text;
  };

  G.ready = function (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  };
})();
