/* Documents: one card per kind in /program.json. Upload with XMLHttpRequest
   (for the progress bar) as the raw file body with its Content-Type; replace;
   remove. The server checks the bytes; the page checks size and type first
   so a candidate on a slow link is not made to wait for a refusal. */
(function () {
  'use strict';
  var G = window.Guichet;
  var program = null, dossier = null;
  var uploading = {};

  var EXTENSION_TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
  var TYPE_NAMES = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

  function fileType(file) {
    if (file.type) return file.type;
    var ext = (file.name.split('.').pop() || '').toLowerCase();
    return EXTENSION_TYPES[ext] || 'application/octet-stream';
  }

  function storedDocuments() {
    var map = {};
    ((dossier && dossier.documents) || []).forEach(function (d) { map[d.kind] = d; });
    return map;
  }

  function say(kind, node) {
    var box = G.clear(document.getElementById('d-' + kind + '-status'));
    if (node) box.appendChild(node);
  }

  function card(doc, have, locked) {
    var id = 'd-' + doc.kind;
    var state = have
      ? G.el('p', { class: 'doc-state present', id: id + '-state' }, [
          G.t('✓ Joint : ', '✓ Attached: ') + (TYPE_NAMES[have.type] || have.type) + ', ' + G.formatBytes(have.size) +
            (have.uploaded_at ? G.t(', envoyé le ', ', sent on ') + G.formatDateTime(Date.parse(have.uploaded_at)) : '') + ' — ',
          G.el('a', { href: '/api/documents/' + encodeURIComponent(doc.kind), text: G.t('voir le fichier', 'view the file') })
        ])
      : G.el('p', { class: 'doc-state absent', id: id + '-state', text: doc.required ? G.t('Pas encore joint (obligatoire)', 'Not attached yet (required)')
                                                                      : G.t('Pas joint (facultatif)', 'Not attached (optional)') });
    var section = G.el('section', { class: 'doc', 'aria-labelledby': id + '-title', 'data-kind': doc.kind, 'data-present': have ? 'true' : 'false' }, [
      G.el('h2', { id: id + '-title', text: G.t(doc.label) }),
      state
    ]);
    if (!locked) {
      var input = G.el('input', { type: 'file', id: id, name: doc.kind, accept: doc.types.join(','), 'aria-describedby': id + '-hint' });
      var upload = G.el('button', { type: 'button', class: 'upload', 'data-kind': doc.kind, text: have ? G.t('Remplacer le document', 'Replace the document') : G.t('Envoyer le document', 'Upload the document') });
      upload.addEventListener('click', function () { send(doc, input); });
      section.appendChild(G.el('div', { class: 'field' }, [
        G.el('label', { for: id, text: have ? G.t('Choisir un autre fichier pour le remplacer', 'Choose another file to replace it') : G.t('Choisir le fichier', 'Choose the file') }),
        G.el('span', { class: 'hint', id: id + '-hint', text: G.t(doc.help) }),
        input
      ]));
      section.appendChild(upload);
      if (have) {
        var remove = G.el('button', { type: 'button', class: 'danger', 'data-kind': doc.kind, text: G.t('Retirer', 'Remove') });
        remove.setAttribute('aria-label', G.t('Retirer : ', 'Remove: ') + G.t(doc.label));
        remove.addEventListener('click', function () { removeDocument(doc); });
        section.appendChild(remove);
      }
      section.appendChild(G.el('div', { class: 'progress-wrap', id: id + '-progress-wrap', hidden: true }, [
        G.el('label', { for: id + '-progress', text: G.t('Envoi en cours', 'Uploading') }),
        G.el('progress', { id: id + '-progress', max: '100', value: '0' }),
        G.el('span', { id: id + '-percent', 'aria-hidden': 'true' })
      ]));
    }
    section.appendChild(G.el('div', { id: id + '-status', 'aria-live': 'polite' }));
    return section;
  }

  function render() {
    var root = G.clear(document.getElementById('documents-root'));
    var stored = storedDocuments();
    if (dossier.locked) {
      root.appendChild(G.el('div', { class: 'notice' }, [G.el('p', { text: G.t(
        'Votre dossier est verrouillé : vous avez déjà fait votre demande.', 'Your dossier is locked: you have already claimed.') })]));
    }
    program.documents.forEach(function (doc) { root.appendChild(card(doc, stored[doc.kind], dossier.locked)); });
  }

  function reload(focusId) {
    return G.api('GET', '/api/dossier').then(function (result) {
      if (result.ok) { dossier = result.data; render(); }
      var target = focusId && document.getElementById(focusId);
      if (target) target.focus();
      return result;
    });
  }

  function failure(kind, status, data, retryAfter) {
    var result = { status: status, data: data, path: '/api/documents/' + kind, retryAfter: retryAfter };
    if (status === 401) { say(kind, G.loginNotice()); return; }
    var box = G.el('div');
    G.showFailure(box, result);
    say(kind, box);
  }

  function send(doc, input) {
    var kind = doc.kind;
    if (uploading[kind]) return;
    var file = input.files && input.files[0];
    if (!file) {
      G.fieldError(input, G.t('Choisissez d\'abord un fichier.', 'Choose a file first.'));
      input.focus();
      return;
    }
    var type = fileType(file);
    var problem = null;
    if (doc.types.indexOf(type) < 0) {
      problem = G.t('Ce type de fichier n\'est pas accepté ici. Formats acceptés : ', 'This type of file is not accepted here. Accepted formats: ') +
        doc.types.map(function (t) { return TYPE_NAMES[t] || t; }).join(', ') + '.';
    } else if (file.size > doc.max_bytes) {
      problem = G.t('Ce fichier fait ' + G.formatBytes(file.size) + ' ; le maximum est ' + G.formatBytes(doc.max_bytes) + '.',
                    'This file is ' + G.formatBytes(file.size) + '; the maximum is ' + G.formatBytes(doc.max_bytes) + '.');
    } else if (file.size === 0) {
      problem = G.t('Ce fichier est vide.', 'This file is empty.');
    }
    G.fieldError(input, problem);
    if (problem) { input.focus(); return; }

    uploading[kind] = true;
    var wrap = document.getElementById('d-' + kind + '-progress-wrap');
    var bar = document.getElementById('d-' + kind + '-progress');
    var percent = document.getElementById('d-' + kind + '-percent');
    wrap.hidden = false;
    bar.value = 0;
    say(kind, G.el('p', { text: G.t('Envoi de « ' + file.name + ' »…', 'Uploading "' + file.name + '"…') }));
    var lastSaid = 0;
    var xhr = new XMLHttpRequest();
    xhr.open('PUT', '/api/documents/' + encodeURIComponent(kind));
    xhr.setRequestHeader('Content-Type', type);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var p = Math.floor(event.loaded * 100 / event.total);
      bar.value = p;
      percent.textContent = ' ' + p + ' %';
      if (p - lastSaid >= 25 && p < 100) {  // a screen reader hears every quarter, not every byte
        lastSaid = p;
        say(kind, G.el('p', { text: G.t('Envoi : ' + p + ' %', 'Uploading: ' + p + '%') }));
      }
    };
    xhr.onload = function () {
      uploading[kind] = false;
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status === 201 || xhr.status === 200) {
        reload('d-' + kind + '-state').then(function () {
          var state = document.getElementById('d-' + kind + '-state');
          if (state) state.setAttribute('tabindex', '-1');
          if (state) state.focus();
          say(kind, G.el('p', { class: 'status-ok', text: G.t('Document reçu.', 'Document received.') }));
        });
        return;
      }
      wrap.hidden = true;
      var retry = parseInt(xhr.getResponseHeader('Retry-After') || '', 10);
      var code = data && data.fields && data.fields[kind];
      var known = code && G.FIELD_CODES && G.FIELD_CODES[code];  // damaged, encrypted: say which
      if ((xhr.status === 413 || xhr.status === 415 || xhr.status === 422) && data && data.message) {
        G.fieldError(input, known ? G.fieldCodeText(code) : data.message);
      }
      failure(kind, xhr.status, data, isNaN(retry) ? null : retry);
    };
    xhr.onerror = function () {
      uploading[kind] = false;
      wrap.hidden = true;
      failure(kind, 0, null, null);
    };
    xhr.send(file);
  }

  function removeDocument(doc) {
    if (!window.confirm(G.t('Retirer le document « ' + G.t(doc.label) + ' » ?', 'Remove the document "' + G.t(doc.label) + '"?'))) return;
    G.api('DELETE', '/api/documents/' + encodeURIComponent(doc.kind)).then(function (result) {
      if (result.ok || result.status === 404) {
        reload('d-' + doc.kind).then(function () {
          say(doc.kind, G.el('p', { text: G.t('Document retiré.', 'Document removed.') }));
        });
        return;
      }
      failure(doc.kind, result.status, result.data, result.retryAfter);
    });
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
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
    });
    G.onLang(function () { if (program && dossier) render(); });
  });
})();
