/* Guichet: the small script every page shares. No framework, no build step.
   - language: French by default; the switch sets the `lang` cookie (1 year)
     and the page's lang, which CSS uses to show one copy of the text;
   - api(): JSON fetch in the contract's shape, same-origin with credentials;
   - honest notices: a 503 "unavailable" names the function that is down;
   - error summaries that link to fields, and the server clock offset. */
(function () {
  'use strict';

  var G = {};
  window.Guichet = G;

  /* ---- language ---------------------------------------------------- */

  G.lang = function () { return document.documentElement.lang === 'en' ? 'en' : 'fr'; };
  /* t({fr, en}) or t('fr text', 'en text'): the text in the page's language. */
  G.t = function (fr, en) {
    if (fr && typeof fr === 'object') return fr[G.lang()] || fr.fr || fr.en || '';
    return G.lang() === 'en' ? en : fr;
  };

  function cookieLang() {
    var m = /(?:^|;\s*)lang=(fr|en)(?:;|$)/.exec(document.cookie);
    return m ? m[1] : null;
  }

  G.setLang = function (lang) {
    if (lang !== 'fr' && lang !== 'en') return;
    document.cookie = 'lang=' + lang + '; Path=/; Max-Age=31536000; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
    if (document.documentElement.lang === lang) return;
    document.documentElement.lang = lang;
    var title = document.body.getAttribute('data-title-' + lang);
    if (title) document.title = title;
    document.dispatchEvent(new CustomEvent('guichet:lang', { detail: lang }));
  };

  function wireLanguageSwitch() {
    var buttons = document.querySelectorAll('.lang-switch');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function (event) {
        event.preventDefault();
        var to = this.getAttribute('data-to');
        G.setLang(to);
        var other = document.querySelector('.lang-switch[data-to="' + (to === 'en' ? 'fr' : 'en') + '"]');
        if (other) other.focus();
      });
    }
  }

  /* ---- API ----------------------------------------------------------- */

  var FUNCTIONS = [
    ['/api/window', { fr: 'le calendrier d\'ouverture', en: 'the opening schedule' }],
    ['/api/accounts', { fr: 'la création de compte', en: 'account creation' }],
    ['/api/session', { fr: 'la connexion', en: 'logging in' }],
    ['/api/me', { fr: 'la connexion', en: 'logging in' }],
    ['/api/dossier', { fr: 'le dossier', en: 'the dossier' }],
    ['/api/documents/', { fr: 'l\'envoi des documents', en: 'document upload' }],
    ['/api/claim', { fr: 'la demande de place', en: 'claiming a place' }],
    ['/program.json', { fr: 'la définition du programme', en: 'the program definition' }]
  ];
  G.functionName = function (path) {
    for (var i = 0; i < FUNCTIONS.length; i++) {
      if (path.indexOf(FUNCTIONS[i][0]) === 0) return G.t(FUNCTIONS[i][1]);
    }
    return G.t('ce service', 'this service');
  };

  /* api(method, path, body?) -> Promise<{status, ok, data, retryAfter, path}>
     status 0 means the network failed (no answer at all). */
  G.api = function (method, path, body) {
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

  G.errorCode = function (result) { return result && result.data && result.data.error || ''; };

  /* A handler that is down: nginx answers 503 "unavailable". "busy" (queue
     full) and 429 are a different story: the function works, it is crowded. */
  G.isUnavailable = function (result) {
    return result.status === 0 || result.status === 502 || result.status === 504 ||
      (result.status === 503 && G.errorCode(result) !== 'busy') || (result.status >= 500 && result.status !== 503);
  };
  G.isBusy = function (result) {
    return result.status === 429 || (result.status === 503 && G.errorCode(result) === 'busy');
  };

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

  /* The honest notice: which function is down, that nothing was lost, and
     what still works. Rendered into `box` (a live region on each page). */
  G.unavailableNotice = function (result) {
    var name = G.functionName(result.path || '');
    var lines = [
      G.el('h2', { text: G.t('Fonction momentanément indisponible', 'Function temporarily unavailable') }),
      G.el('p', { text: result.status === 0
        ? G.t('Impossible de joindre le serveur pour ' + name + '. Vérifiez votre connexion Internet, puis réessayez.',
              'The server could not be reached for ' + name + '. Check your Internet connection, then try again.')
        : G.t('Une panne technique empêche ' + name + ' de fonctionner en ce moment. Votre demande n\'a pas été traitée ; rien n\'a été perdu.',
              'A technical failure stops ' + name + ' from working right now. Your request was not processed; nothing was lost.') }),
      G.el('p', { text: G.t('Les autres parties du site fonctionnent : les informations, la FAQ et la vérification d\'un reçu restent accessibles. Réessayez dans quelques instants.',
                            'The other parts of the site still work: the information pages, the FAQ and receipt verification remain available. Try again in a few moments.') })
    ];
    return G.el('div', { class: 'notice notice-bad', 'data-unavailable': result.path || '' }, lines);
  };

  /* Shows a failed API result in `box`: honest notice, busy, or the API's message. */
  G.showFailure = function (box, result) {
    G.clear(box);
    if (G.isUnavailable(result)) {
      box.appendChild(G.unavailableNotice(result));
    } else if (G.isBusy(result)) {
      box.appendChild(G.el('div', { class: 'notice notice-warn' }, [
        G.el('p', { text: G.t('Le site est très sollicité en ce moment ; votre demande n\'a pas été traitée. Réessayez dans ',
                              'The site is very busy right now; your request was not processed. Try again in ') +
          (result.retryAfter || 5) + G.t(' secondes.', ' seconds.') })
      ]));
    } else {
      box.appendChild(G.el('div', { class: 'notice notice-bad' }, [
        G.el('p', { text: (result.data && result.data.message) || G.t('Erreur ' + result.status + '.', 'Error ' + result.status + '.') })
      ]));
    }
  };

  /* Not logged in: tells so, with a link to the login page that comes back here. */
  G.loginNotice = function () {
    var back = location.pathname + location.search;
    return G.el('div', { class: 'notice notice-warn' }, [
      G.el('p', { text: G.t('Vous devez être connecté pour voir cette page.', 'You must be logged in to see this page.') }),
      G.el('p', null, [
        G.el('a', { class: 'button', href: '/login.html?next=' + encodeURIComponent(back), text: G.t('Se connecter', 'Log in') }),
        G.el('a', { class: 'button secondary', href: '/account.html', text: G.t('Créer un compte', 'Create an account') })
      ])
    ]);
  };

  /* ---- forms --------------------------------------------------------- */

  /* errors: [{id, text}] -> a summary at the top of `form` whose links move
     focus to each field; the summary itself takes focus (WCAG 3.3.1). */
  G.errorSummary = function (container, errors, title) {
    G.clear(container);
    if (!errors.length) { container.hidden = true; return; }
    container.hidden = false;
    var list = G.el('ul');
    errors.forEach(function (error) {
      var link = G.el('a', { href: '#' + error.id, text: error.text });
      link.addEventListener('click', function (event) {
        var target = document.getElementById(error.id);
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({ block: 'center' });
        target.focus();
      });
      list.appendChild(G.el('li', null, [link]));
    });
    container.appendChild(G.el('div', { class: 'error-summary', tabindex: '-1', role: 'alert' }, [
      G.el('h2', { text: title || G.t('Il y a un problème', 'There is a problem') }), list
    ]));
    container.firstChild.focus();
  };

  /* Marks one field invalid with its message (linked by aria-describedby). */
  G.fieldError = function (input, text) {
    var wrap = input.closest('.field');
    var id = input.id + '-error';
    var old = document.getElementById(id);
    if (old) old.remove();
    if (!text) {
      input.removeAttribute('aria-invalid');
      if (wrap) wrap.classList.remove('invalid');
      input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') || '').replace(id, '').trim());
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    if (wrap) wrap.classList.add('invalid');
    var message = G.el('span', { class: 'field-error', id: id, text: text });
    var label = wrap && (wrap.querySelector('.hint') || wrap.querySelector('label, legend'));
    if (label && label.parentNode === wrap) label.insertAdjacentElement('afterend', message);
    else input.insertAdjacentElement('beforebegin', message);
    var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (described.indexOf(id) < 0) described.push(id);
    input.setAttribute('aria-describedby', described.join(' '));
  };

  /* Per-field codes from the API (`fields`) in words. */
  var FIELD_CODES = {
    missing: { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
    required: { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
    invalid: { fr: 'Cette valeur n\'est pas valide.', en: 'This value is not valid.' },
    too_long: { fr: 'Cette valeur est trop longue.', en: 'This value is too long.' },
    too_short: { fr: 'Cette valeur est trop courte.', en: 'This value is too short.' },
    out_of_range: { fr: 'Cette valeur est hors des limites permises.', en: 'This value is outside the allowed range.' },
    taken: { fr: 'Un compte existe déjà pour cette adresse.', en: 'An account already exists for this address.' },
    weak: { fr: 'Ce mot de passe est trop faible.', en: 'This password is too weak.' },
    wrong_type: { fr: 'Cette valeur n\'est pas du bon type.', en: 'This value is of the wrong type.' },
    unknown_field: { fr: 'Champ inconnu.', en: 'Unknown field.' },
    too_common: { fr: 'Ce mot de passe est trop courant : choisissez-en un autre.', en: 'This password is too common: choose another one.' },
    same_as_email: { fr: 'Le mot de passe ne doit pas être votre adresse courriel.', en: 'The password must not be your email address.' },
    empty_document: { fr: 'Ce fichier est vide.', en: 'This file is empty.' }
  };
  G.fieldCodeText = function (code) {
    return G.t(FIELD_CODES[code] || { fr: 'Valeur refusée (' + code + ').', en: 'Value refused (' + code + ').' });
  };

  G.labelText = function (input) {
    var label = document.querySelector('label[for="' + input.id + '"]') ||
      (input.closest('fieldset') && input.closest('fieldset').querySelector('legend'));
    return label ? label.innerText.trim() : input.name;
  };

  /* Clears old errors; checks required and email fields; returns [{id, text}]. */
  G.checkForm = function (form) {
    var errors = [];
    var inputs = form.querySelectorAll('input, select, textarea');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (!input.id || input.type === 'file') continue;
      G.fieldError(input, null);
      var value = (input.value || '').trim();
      var text = null;
      if (input.required && !value) text = G.t('Indiquez : ', 'Enter: ') + G.labelText(input).toLowerCase();
      else if (value && input.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
        text = G.t('Indiquez une adresse courriel valide, par exemple nom@exemple.com.', 'Enter a valid email address, like name@example.com.');
      }
      if (text) { G.fieldError(input, text); errors.push({ id: input.id, text: text }); }
    }
    return errors;
  };

  /* An API 4xx with `fields` ({name: code}) onto the form's inputs (by id = prefix + name). */
  G.applyFieldErrors = function (form, fields, prefix) {
    var errors = [];
    Object.keys(fields || {}).forEach(function (name) {
      var input = document.getElementById((prefix || '') + name);
      var text = G.fieldCodeText(fields[name]);
      if (input) {
        G.fieldError(input, text);
        errors.push({ id: input.id, text: G.labelText(input) + ' : ' + text });
      } else {
        errors.push({ id: form.id, text: name + ' : ' + text });
      }
    });
    return errors;
  };

  /* ---- time ---------------------------------------------------------- */

  G.formatDateTime = function (ms) {
    try {
      return new Intl.DateTimeFormat(G.lang() === 'en' ? 'en-CA' : 'fr-CA', {
        weekday: 'long', year: 'numeric', month: 'long', day: 'numeric',
        hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
      }).format(new Date(ms));
    } catch (e) { return new Date(ms).toString(); }
  };
  G.formatClock = function (ms) {
    return new Intl.DateTimeFormat(G.lang() === 'en' ? 'en-CA' : 'fr-CA', {
      hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false
    }).format(new Date(ms));
  };
  /* "2 j 03 h 04 min 05 s" / "2 d 03 h 04 min 05 s" */
  G.formatDuration = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var pad = function (n) { return n < 10 ? '0' + n : '' + n; };
    var parts = [];
    if (d) parts.push(d + G.t(' j', ' d'));
    if (d || h) parts.push(pad(h) + ' h');
    if (d || h || m) parts.push(pad(m) + ' min');
    parts.push(pad(s) + ' s');
    return parts.join(' ');
  };

  /* The server's clock, measured once from /api/window: the offset from the
     page's monotonic clock, so neither a wrong nor a changed visitor clock matters. */
  G.serverClock = function () {
    var sent = performance.now();
    return G.api('GET', '/api/window').then(function (result) {
      var received = performance.now();
      if (!result.ok || !result.data || !result.data.server_time) return { result: result, clock: null };
      var serverMs = Date.parse(result.data.server_time);
      var at = (sent + received) / 2;  // the answer was made about half-way through the round trip
      var clock = { now: function () { return serverMs + (performance.now() - at); } };
      return { result: result, clock: clock };
    });
  };

  /* ---- session hint (no server call: the pages learn the truth from their own API calls) */

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

  G.ready = function (fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  };
  G.onLang = function (fn) { document.addEventListener('guichet:lang', fn); };

  G.ready(function () {
    /* A page served before the cookie existed (or from Accept-Language) keeps
       the cookie's choice when there is one. */
    var chosen = cookieLang();
    if (chosen && chosen !== G.lang()) G.setLang(chosen);
    wireLanguageSwitch();
    markCurrentPage();
    showSessionLinks();
    var logout = document.getElementById('logout');
    if (logout) logout.addEventListener('click', function () { G.logout(); });
  });
})();
