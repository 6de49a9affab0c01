/* The dossier form, generated from /program.json; saved with PUT /api/dossier
   (a draft: missing values are allowed and reported by the compliance check). */
(function () {
  'use strict';
  var G = window.Guichet;

  var program = null;
  var dossier = null;
  var dirty = false;

  var AUTOCOMPLETE = { family_name: 'family-name', given_names: 'given-name', birth_date: 'bday', contact_phone: 'tel' };

  function boundDate(value) { return value === 'today' ? G.today() : value; }

  function fieldControl(field, value) {
    var id = 'f-' + field.key;
    var common = { id: id, name: field.key, 'aria-describedby': id + '-hint', required: !!field.required };
    var input;
    if (field.type === 'select' || field.type === 'country') {
      input = G.el('select', common);
      input.appendChild(G.el('option', { value: '', text: G.t('— Choisir —', '— Choose —') }));
      var options = field.type === 'country'
        ? G.countryList().map(function (c) { return { value: c.code, text: c.name }; })
        : field.options.map(function (o) { return { value: o.value, text: G.t(o.label) }; });
      options.forEach(function (o) {
        input.appendChild(G.el('option', { value: o.value, text: o.text, selected: o.value === value }));
      });
    } else {
      common.type = { date: 'date', number: 'number', email: 'email' }[field.type] || (field.key === 'contact_phone' ? 'tel' : 'text');
      common.value = value === undefined || value === null ? '' : String(value);
      common.autocomplete = AUTOCOMPLETE[field.key] || 'off';
      if (field.max_length) common.maxlength = field.max_length;
      if (field.type === 'number') { common.min = field.min; common.max = field.max; common.step = 1; common.inputmode = 'numeric'; }
      if (field.type === 'date') { common.min = boundDate(field.min_date); common.max = boundDate(field.max_date); }
      if (field.charset === 'passport') { common.spellcheck = 'false'; common.autocapitalize = 'characters'; }
      input = G.el('input', common);
    }
    return G.el('div', { class: 'field' }, [
      G.el('label', { for: id, text: G.t(field.label) }),
      G.el('span', { class: 'hint', id: id + '-hint', text: G.t(field.help || { fr: '', en: '' }) }),
      input
    ]);
  }

  function currentValues() {
    var values = {};
    program.fields.forEach(function (field) {
      var input = document.getElementById('f-' + field.key);
      if (!input) return;
      var value = input.value.trim();
      if (field.charset === 'passport') value = value.toUpperCase().replace(/\s+/g, '');
      if (value === '') { values[field.key] = null; return; }  // PUT merges: null clears an answer
      if (field.type === 'number') {
        var n = Number(value);
        values[field.key] = isFinite(n) && /^-?\d+$/.test(value) ? n : value;
      } else {
        values[field.key] = value;
      }
    });
    return values;
  }

  function complianceNotice(compliance) {
    if (!compliance) return null;
    if (compliance.compliant) {
      return G.el('div', { class: 'notice notice-ok', id: 'compliance' }, [
        G.el('p', { class: 'status-ok', text: G.t('Votre dossier est complet.', 'Your dossier is complete.') }),
        G.el('p', null, [G.el('a', { href: '/claim.html', text: G.t('Aller à la page de demande', 'Go to the claim page') })])
      ]);
    }
    var count = (compliance.problems || []).length;
    return G.el('div', { class: 'notice notice-warn', id: 'compliance' }, [
      G.el('p', { text: G.t(count + (count > 1 ? ' éléments sont' : ' élément est') + ' encore à compléter ou à corriger.',
                           count + (count > 1 ? ' items are' : ' item is') + ' still to complete or fix.') }),
      G.el('p', null, [G.el('a', { href: '/check.html', text: G.t('Voir la liste dans « Vérifier mes réponses »', 'See the list in "Check your answers"') })])
    ]);
  }

  function render(keepValues) {
    var values = keepValues ? currentValues() : (dossier.fields || {});
    var root = G.clear(document.getElementById('dossier-root'));
    var locked = !!dossier.locked;
    if (locked) {
      root.appendChild(G.el('div', { class: 'notice' }, [G.el('p', { text: G.t(
        'Votre dossier est verrouillé : vous avez déjà fait votre demande. Il est affiché tel qu\'il a été soumis.',
        'Your dossier is locked: you have already claimed. It is shown as it was submitted.') })]));
    }
    var notice = complianceNotice(dossier.compliance);
    if (notice) root.appendChild(notice);
    var form = G.el('form', { id: 'dossier-form', novalidate: true });
    var fieldset = G.el('fieldset', { class: 'plain', disabled: locked });
    fieldset.appendChild(G.el('legend', { class: 'visually-hidden', text: G.t('Renseignements du dossier', 'Dossier details') }));
    program.fields.forEach(function (field) { fieldset.appendChild(fieldControl(field, values[field.key])); });
    form.appendChild(fieldset);
    if (!locked) {
      form.appendChild(G.el('button', { type: 'submit', id: 'save', text: G.t('Enregistrer', 'Save') }));
      form.appendChild(G.el('a', { class: 'button secondary', href: '/documents.html', text: G.t('Suivant : les documents', 'Next: documents') }));
    }
    form.appendChild(G.el('p', { id: 'saved-at', class: 'hint', 'aria-live': 'polite' }));
    form.addEventListener('submit', save);
    form.addEventListener('input', function () { dirty = true; });
    root.appendChild(form);
  }

  function save(event) {
    event.preventDefault();
    var form = event.target;
    var summary = document.getElementById('error-summary');
    var status = document.getElementById('page-status');
    G.clear(status);
    var fields = currentValues();
    program.fields.forEach(function (field) { G.fieldError(document.getElementById('f-' + field.key), null); });
    var button = document.getElementById('save');
    button.disabled = true;
    document.getElementById('saved-at').textContent = G.t('Enregistrement…', 'Saving…');
    G.api('PUT', '/api/dossier', { fields: fields }).then(function (result) {
      button.disabled = false;
      document.getElementById('saved-at').textContent = '';
      if (result.ok) {
        dirty = false;
        G.errorSummary(summary, []);
        // PUT answers the same object as GET (older builds answered less: then ask).
        var fresh = result.data && result.data.compliance ? Promise.resolve(result) : G.api('GET', '/api/dossier');
        return fresh.then(function (fresh) {
          if (fresh.ok) { dossier = fresh.data; render(false); }
          document.getElementById('saved-at').textContent =
            G.t('Enregistré à ', 'Saved at ') + G.formatClock(Date.now()) + G.t('. Vous pouvez revenir plus tard.', '. You can come back later.');
          var save = document.getElementById('save');
          if (save) save.focus();
        });
      }
      if (result.status === 401) { G.clear(status).appendChild(G.loginNotice()); status.focus(); return; }
      if (result.status === 422 && result.data && result.data.fields) {
        G.errorSummary(summary, G.applyFieldErrors(form, result.data.fields, 'f-'), result.data.message);
        return;
      }
      G.showFailure(status, result);
      status.focus();
    });
  }

  function focusHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
  }

  G.ready(function () {
    var status = document.getElementById('page-status');
    var root = document.getElementById('dossier-root');
    root.appendChild(G.el('p', { text: G.t('Chargement du dossier…', 'Loading the dossier…') }));
    Promise.all([G.loadProgram(), G.api('GET', '/api/dossier')]).then(function (answers) {
      G.clear(root);
      var programResult = answers[0], dossierResult = answers[1];
      if (dossierResult.status === 401) { status.appendChild(G.loginNotice()); return; }
      if (!programResult.ok) { G.showFailure(status, programResult); return; }
      if (!dossierResult.ok) { G.showFailure(status, dossierResult); return; }
      program = programResult.data;
      dossier = dossierResult.data || { fields: {} };
      render(false);
      if (new URLSearchParams(location.search).get('welcome')) {
        status.appendChild(G.el('p', { class: 'notice notice-ok', text: G.t('Votre compte est créé et vous êtes connecté.', 'Your account is created and you are logged in.') }));
      }
      focusHash();
    });
    G.onLang(function () { if (program && dossier) render(true); });
    window.addEventListener('beforeunload', function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ''; }
    });
  });
})();
