/* The program definition (/program.json): labels, help, countries, values in words. */
(function () {
  'use strict';
  var G = window.Guichet;
  var program = null;

  G.loadProgram = function () {
    if (program) return Promise.resolve({ ok: true, data: program });
    return G.api('GET', '/program.json').then(function (result) {
      if (result.ok && result.data && result.data.fields) program = result.data;
      return result;
    });
  };

  G.countryName = function (code) {
    try {
      return new Intl.DisplayNames([G.lang()], { type: 'region' }).of(code) || code;
    } catch (e) { return code; }
  };
  /* [{code, name}] sorted by name in the page's language. */
  G.countryList = function () {
    var collator = new Intl.Collator(G.lang());
    return (window.GUICHET_COUNTRIES || []).map(function (code) {
      return { code: code, name: G.countryName(code) };
    }).sort(function (a, b) { return collator.compare(a.name, b.name); });
  };

  G.today = function () {  // the visitor's date is fine here: it only bounds the date picker
    var d = new Date();
    var pad = function (n) { return n < 10 ? '0' + n : '' + n; };
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  };

  /* A stored value in words, as the candidate would say it. */
  G.valueText = function (field, value) {
    if (value === undefined || value === null || value === '') return '';
    if (field.type === 'country') return G.countryName(String(value)) + ' (' + value + ')';
    if (field.type === 'select') {
      for (var i = 0; i < (field.options || []).length; i++) {
        if (field.options[i].value === value) return G.t(field.options[i].label);
      }
    }
    if (field.type === 'date') {
      var ms = Date.parse(value + 'T12:00:00Z');
      if (!isNaN(ms)) return new Intl.DateTimeFormat(G.lang() === 'en' ? 'en-CA' : 'fr-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ms));
    }
    return String(value);
  };

  G.formatBytes = function (n) {
    var unit = G.t({ fr: ['o', 'Ko', 'Mo'], en: ['B', 'KB', 'MB'] });
    if (n < 1024) return n + ' ' + unit[0];
    if (n < 1024 * 1024) return (n / 1024).toFixed(0) + ' ' + unit[1];
    return (n / 1048576).toFixed(1).replace('.0', '') + ' ' + unit[2];
  };

  /* Where a compliance problem is fixed: the field on the dossier page or the document's input. */
  G.problemLink = function (problem) {
    if (problem.document) return '/documents.html#d-' + problem.document;
    return '/dossier.html#f-' + problem.field;
  };
  G.problemLabel = function (problem) {
    if (!program) return problem.field || problem.document;
    var list = problem.document ? program.documents : program.fields;
    var key = problem.document || problem.field;
    for (var i = 0; i < list.length; i++) {
      if ((list[i].key || list[i].kind) === key) return G.t(list[i].label);
    }
    return key;
  };
})();
