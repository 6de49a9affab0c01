/* A receipt ({receipt: "<JSON text>", signature: "<base64>"}) in words, to
   print and to save as a .json file; shared by the claim, receipt and verify pages. */
(function () {
  'use strict';
  var G = window.Guichet;

  G.outcomeText = function (outcome) {
    return G.t({
      granted: { fr: 'Place obtenue', en: 'Place granted' },
      waitlisted: { fr: 'Inscrit sur la liste d\'attente', en: 'On the waiting list' },
      pending_draw: { fr: 'En attente du tirage au sort', en: 'Waiting for the draw' }
    }[outcome] || { fr: String(outcome), en: String(outcome) });
  };

  G.parseReceipt = function (text) {
    try {
      var value = JSON.parse(text);
      return value && typeof value === 'object' ? value : null;
    } catch (e) { return null; }
  };

  /* The receipt's content as a definition list, the rank and outcome first. */
  G.receiptView = function (claim) {
    var r = G.parseReceipt(claim.receipt) || {};
    // "Rank" is the rank that decides the outcome, as in the administration's
    // list. A receipt waiting for the draw has none yet (`rank` is null), and
    // `arrival_rank` is the order of arrival (docs/lottery.md). Receipts made
    // before 2026-12-04 held the order of arrival in `rank`.
    var pending = r.outcome === 'pending_draw';
    var rank = pending ? G.t('fixé par le tirage', 'set by the draw') : r.rank;
    var arrival = r.arrival_rank !== undefined ? r.arrival_rank : (pending ? r.rank : undefined);
    var wrap = G.el('div', { class: 'receipt', id: 'receipt-view' });
    wrap.appendChild(G.el('p', { class: 'rank', id: 'receipt-rank' }, [G.t('Rang : ', 'Rank: ') + rank]));
    wrap.appendChild(G.el('p', { class: 'rank outcome-' + r.outcome, id: 'receipt-outcome', 'data-outcome': r.outcome, text: G.outcomeText(r.outcome) }));
    var rows = [
      [{ fr: 'Programme', en: 'Program' }, r.program],
      [{ fr: 'Numéro de demande', en: 'Claim number' }, r.claim_id],
      [{ fr: 'Candidat', en: 'Candidate' }, r.candidate],
      [{ fr: 'Reçue par le serveur le', en: 'Received by the server on' }, r.received_at ? G.formatDateTime(Date.parse(r.received_at)) + ' (' + r.received_at + ')' : ''],
      [{ fr: 'Rang', en: 'Rank' }, rank],
      [{ fr: 'Ordre d\'arrivée', en: 'Order of arrival' }, arrival],
      [{ fr: 'Dans le tirage au sort', en: 'In the draw' }, r.in_draw === undefined ? '' : (r.in_draw ? G.t('oui', 'yes') : G.t('non (reçue après la période de tirage)', 'no (received after the draw period)'))],
      [{ fr: 'Fin de la période de tirage', en: 'End of the draw period' }, r.draw_ends_at ? G.formatDateTime(Date.parse(r.draw_ends_at)) : ''],
      [{ fr: 'Tirage effectué le', en: 'Draw run on' }, r.drawn_at ? G.formatDateTime(Date.parse(r.drawn_at)) : ''],
      [{ fr: 'Engagement sur la graine (SHA-256)', en: 'Seed commitment (SHA-256)' }, r.seed_commitment, true],
      [{ fr: 'Résultat', en: 'Outcome' }, G.outcomeText(r.outcome)],
      [{ fr: 'Promu de la liste d\'attente le', en: 'Promoted from the waiting list on' }, r.promoted_at ? G.formatDateTime(Date.parse(r.promoted_at)) : ''],
      [{ fr: 'À confirmer avant le', en: 'To confirm before' }, r.confirm_by ? G.formatDateTime(Date.parse(r.confirm_by)) : ''],
      [{ fr: 'Offre expirée le', en: 'Offer expired on' }, r.offer_expired_at ? G.formatDateTime(Date.parse(r.offer_expired_at)) : ''],
      [{ fr: 'Remplace le reçu (SHA-256)', en: 'Replaces the receipt (SHA-256)' }, r.replaces, true],
      [{ fr: 'Places offertes', en: 'Places offered' }, r.places_total],
      [{ fr: 'Empreinte du dossier (SHA-256)', en: 'Dossier fingerprint (SHA-256)' }, r.dossier_sha256, true],
      [{ fr: 'Signature', en: 'Signature' }, claim.signature, true]
    ];
    var dl = G.el('dl', { class: 'answers' });
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === '') return;
      dl.appendChild(G.el('dt', { text: G.t(row[0]) }));
      dl.appendChild(G.el('dd', { class: row[2] ? 'mono' : null, text: String(row[1]) }));
    });
    wrap.appendChild(dl);
    return wrap;
  };

  /* The earlier receipts (GET /api/claim's history), oldest first: each with
     its outcome, what replaced it, its SHA-256 (what the next one's "replaces"
     names) and its exact text, to save and verify like the current one. */
  G.receiptHistory = function (claim) {
    var past = claim.history || [];
    if (!past.length) return null;
    var section = G.el('section', { id: 'receipt-history', 'aria-labelledby': 'history-title' });
    section.appendChild(G.el('h2', { id: 'history-title', text: G.t('Reçus précédents', 'Earlier receipts') }));
    section.appendChild(G.el('p', { class: 'hint', text: G.t('Chaque nouveau reçu nomme le précédent par son empreinte SHA-256 (« Remplace le reçu »). Les reçus précédents restent signés et vérifiables.',
                                                            'Each new receipt names the one before it by its SHA-256 fingerprint ("Replaces the receipt"). Earlier receipts stay signed and verifiable.') }));
    var why = {
      draw: { fr: 'remplacé par le tirage au sort', en: 'replaced by the draw' },
      promotion: { fr: 'remplacé par une promotion de la liste d\'attente', en: 'replaced by a promotion from the waiting list' },
      offer_expired: { fr: 'remplacé à l\'expiration de l\'offre', en: 'replaced when the offer expired' }
    };
    var list = G.el('ol', { class: 'history' });
    past.forEach(function (entry, i) {
      var r = G.parseReceipt(entry.receipt) || {};
      var item = G.el('li', { id: 'history-' + i });
      var place = r.rank === null || r.rank === undefined ? G.t('ordre d\'arrivée', 'order of arrival') + ' ' + r.arrival_rank : G.t('rang', 'rank') + ' ' + r.rank;
      item.appendChild(G.el('p', { text: G.outcomeText(r.outcome) + ' — ' + place + ' — ' + G.t(why[entry.replaced_by] || { fr: '', en: '' }) }));
      var hash = G.el('p', { class: 'mono hint' });
      item.appendChild(hash);
      if (window.crypto && crypto.subtle && window.TextEncoder) {
        crypto.subtle.digest('SHA-256', new TextEncoder().encode(entry.receipt)).then(function (digest) {
          hash.textContent = 'SHA-256 : ' + Array.prototype.map.call(new Uint8Array(digest), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
        });
      }
      var details = G.el('details');
      details.appendChild(G.el('summary', { text: G.t('Texte exact signé', 'Exact signed text') }));
      details.appendChild(G.el('pre', { class: 'mono', text: entry.receipt }));
      item.appendChild(details);
      var save = G.el('button', { type: 'button', class: 'secondary no-print', text: G.t('Enregistrer ce reçu (.json)', 'Save this receipt (.json)') });
      save.addEventListener('click', function () { G.saveReceipt(entry); });
      item.appendChild(save);
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  };

  G.receiptFileName = function (claim) {
    var r = G.parseReceipt(claim.receipt) || {};
    return 'guichet-receipt-' + String(r.claim_id || 'claim').replace(/[^A-Za-z0-9_-]/g, '') + '.json';
  };

  /* Save: the exact {receipt, signature} pair, the receipt text untouched. */
  G.saveReceipt = function (claim) {
    var text = JSON.stringify({ receipt: claim.receipt, signature: claim.signature }, null, 2) + '\n';
    var url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    var link = G.el('a', { href: url, download: G.receiptFileName(claim) });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  };

  G.rememberReceipt = function (claim) {
    try { sessionStorage.setItem('guichet_receipt', JSON.stringify(claim)); } catch (e) { /* private mode */ }
  };
  G.rememberedReceipt = function () {
    try { return JSON.parse(sessionStorage.getItem('guichet_receipt') || 'null'); } catch (e) { return null; }
  };

  /* The print and save buttons, and links to the receipt and verify pages. */
  G.receiptActions = function (claim, withLinks) {
    var print = G.el('button', { type: 'button', id: 'print-receipt', text: G.t('Imprimer le reçu', 'Print the receipt') });
    print.addEventListener('click', function () {
      if (withLinks) location.href = '/receipt.html?print=1';
      else window.print();
    });
    var save = G.el('button', { type: 'button', class: 'secondary', id: 'save-receipt', text: G.t('Enregistrer le reçu (.json)', 'Save the receipt (.json)') });
    save.addEventListener('click', function () { G.saveReceipt(claim); });
    var actions = G.el('p', { class: 'no-print' }, [print, save]);
    if (withLinks) actions.appendChild(G.el('a', { class: 'button secondary', href: '/receipt.html', id: 'receipt-link', text: G.t('Voir le reçu', 'View the receipt') }));
    actions.appendChild(G.el('a', { class: 'button secondary', href: '/verify.html', text: G.t('Vérifier un reçu', 'Verify a receipt') }));
    return actions;
  };
})();
