/* "Check your answers": every compliance problem linked to where it is fixed,
   then every answer and document, each with a link to change it. */
(function () {
  'use strict';
  var G = window.Guichet;
  var program = null, dossier = null;

  function problemsBox(compliance) {
    if (compliance.compliant) {
      return G.el('div', { class: 'notice notice-ok', id: 'compliance', 'data-compliant': 'true' }, [
        G.el('h2', { class: 'status-ok', text: G.t('Votre dossier est complet', 'Your dossier is complete') }),
        G.el('p', { text: G.t('Il peut recevoir une place. Le jour de l\'ouverture, connectez-vous d\'avance et allez sur la page de demande.',
                              'It can receive a place. On opening day, log in ahead of time and go to the claim page.') }),
        G.el('p', null, [G.el('a', { class: 'button', href: '/claim.html', text: G.t('Page de demande', 'Claim page') })])
      ]);
    }
    var list = G.el('ul');
    compliance.problems.forEach(function (problem) {
      list.appendChild(G.el('li', null, [G.el('a', { href: G.problemLink(problem),
        text: G.problemLabel(problem) + G.t(' : ', ': ') + (problem.message || problem.code) })]));
    });
    return G.el('div', { class: 'error-summary', id: 'compliance', 'data-compliant': 'false', tabindex: '-1' }, [
      G.el('h2', { text: G.t(compliance.problems.length + ' problème(s) à corriger avant la demande',
                             compliance.problems.length + ' problem(s) to fix before claiming') }),
      list
    ]);
  }

  function answers() {
    var dl = G.el('dl', { class: 'answers' });
    var fields = dossier.fields || {};
    program.fields.forEach(function (field) {
      var text = G.valueText(field, fields[field.key]);
      dl.appendChild(G.el('dt', { text: G.t(field.label) }));
      dl.appendChild(G.el('dd', null, [
        text ? text : G.el('em', { text: G.t('Non renseigné', 'Not given') }), ' ',
        dossier.locked ? null : G.el('a', { href: '/dossier.html#f-' + field.key, 'aria-label': G.t('Modifier : ', 'Change: ') + G.t(field.label), text: G.t('Modifier', 'Change') })
      ]));
    });
    return dl;
  }

  function documentsList() {
    var dl = G.el('dl', { class: 'answers' });
    var stored = {};
    (dossier.documents || []).forEach(function (d) { stored[d.kind] = d; });
    program.documents.forEach(function (doc) {
      var have = stored[doc.kind];
      dl.appendChild(G.el('dt', { text: G.t(doc.label) }));
      dl.appendChild(G.el('dd', null, [
        have ? G.t('Joint', 'Attached') + ' (' + have.type + ', ' + G.formatBytes(have.size) + ')' : G.el('em', { text: doc.required ? G.t('Manquant', 'Missing') : G.t('Non joint (facultatif)', 'Not attached (optional)') }), ' ',
        dossier.locked ? null : G.el('a', { href: '/documents.html#d-' + doc.kind, 'aria-label': G.t('Modifier : ', 'Change: ') + G.t(doc.label), text: G.t('Modifier', 'Change') })
      ]));
    });
    return dl;
  }

  function render() {
    var root = G.clear(document.getElementById('check-root'));
    root.appendChild(problemsBox(dossier.compliance || { compliant: false, problems: [] }));
    root.appendChild(G.el('h2', { text: G.t('Vos réponses', 'Your answers') }));
    root.appendChild(answers());
    root.appendChild(G.el('h2', { text: G.t('Vos documents', 'Your documents') }));
    root.appendChild(documentsList());
  }

  G.ready(function () {
    var status = document.getElementById('page-status');
    Promise.all([G.loadProgram(), G.api('GET', '/api/dossier')]).then(function (answers) {
      if (answers[1].status === 401) { status.appendChild(G.loginNotice()); return; }
      if (!answers[0].ok) { G.showFailure(status, answers[0]); return; }
      if (!answers[1].ok) { G.showFailure(status, answers[1]); return; }
      program = answers[0].data;
      dossier = answers[1].data;
      render();
    });
    G.onLang(function () {
      if (!program) return;
      // Problem messages come from the server in the request's language: fetch them again.
      G.api('GET', '/api/dossier').then(function (result) { if (result.ok) dossier = result.data; render(); });
    });
  });
})();
