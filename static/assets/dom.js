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

  G.ready = function (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  };
})();
