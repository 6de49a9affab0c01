/* Forms: error summaries that link to their fields (WCAG 3.3.1), one
   message per invalid field, the API's per-field codes in words, and the
   checks the browser can make before sending. */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

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

  /* Per-field codes from the API (`fields`) in words: G.FIELD_CODES is
     generated from handlers/base/field_codes.def (/assets/messages.js). */
  G.fieldCodeText = function (code) {
    return G.t((G.FIELD_CODES || {})[code] || { fr: 'Valeur refusée (' + code + ').', en: 'Value refused (' + code + ').' });
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
})();
