/* The candidate's receipt (GET /api/claim), to read, print and save. */
(function () {
  'use strict';
  var G = window.Guichet;
  var claim = null;

  function when(iso) { return G.formatDateTime(Date.parse(iso)); }

  /* A place offered from the waiting list: confirm it before the deadline. */
  function offerPanel() {
    if (!claim.confirm_by) return null;
    if (claim.offer_expired_at) {
      return G.el('div', { class: 'notice notice-warn', id: 'offer' }, [G.el('p', {
        text: G.t('La place qui vous était offerte n\'a pas été confirmée avant le ' + when(claim.confirm_by) + ' : elle est allée à la personne suivante. Votre dossier reste sur la liste d\'attente.',
                  'The place offered to you was not confirmed before ' + when(claim.confirm_by) + ': it went to the next person. Your dossier stays on the waiting list.') })]);
    }
    if (claim.confirmed_at) {
      return G.el('div', { class: 'notice notice-ok', id: 'offer' }, [G.el('p', {
        text: G.t('Vous avez confirmé votre place le ' + when(claim.confirmed_at) + '.', 'You confirmed your place on ' + when(claim.confirmed_at) + '.') })]);
    }
    var button = G.el('button', { type: 'button', id: 'confirm-place', text: G.t('Confirmer ma place', 'Confirm my place') });
    var panel = G.el('div', { class: 'notice', id: 'offer' }, [
      G.el('h2', { text: G.t('Une place vous est offerte', 'A place is offered to you') }),
      G.el('p', { text: G.t('Confirmez-la avant le ' + when(claim.confirm_by) + '. Passé ce délai, elle ira à la personne suivante.',
                            'Confirm it before ' + when(claim.confirm_by) + '. After that it goes to the next person.') }),
      G.el('p', null, [button])
    ]);
    button.addEventListener('click', function () {
      button.disabled = true;
      G.api('POST', '/api/claim/confirm', {}).then(function (result) {
        var status = G.clear(document.getElementById('page-status'));
        if (result.ok && result.data && result.data.receipt) {
          claim = result.data;
          G.rememberReceipt(claim);
          status.appendChild(G.el('p', { class: 'notice notice-ok', text: G.t('Votre place est confirmée.', 'Your place is confirmed.') }));
        } else {
          G.showFailure(status, result);
          if (result.status === 409) return load();
        }
        render();
      });
    });
    return panel;
  }

  function reviewPanel() {
    if (!claim.review) return null;
    var rejected = claim.review.decision === 'rejected';
    return G.el('div', { class: rejected ? 'notice notice-warn' : 'notice notice-ok', id: 'review' }, [
      G.el('p', { text: rejected ? G.t('Votre dossier a été examiné et n\'a pas été retenu. Motif :', 'Your dossier was reviewed and was not accepted. Reason:')
                                 : G.t('Votre dossier a été examiné et accepté.', 'Your dossier was reviewed and accepted.') }),
      rejected ? G.el('p', { text: claim.review.reason }) : null
    ].filter(Boolean));
  }

  function render() {
    var root = G.clear(document.getElementById('receipt-root'));
    if (!claim) return;
    [offerPanel(), reviewPanel()].forEach(function (panel) { if (panel) root.appendChild(panel); });
    root.appendChild(G.receiptView(claim));
    root.appendChild(G.el('p', { class: 'hint', text: G.t('Ce reçu est signé par Guichet. Pour le vérifier, enregistrez le fichier puis ouvrez « Vérifier un reçu ».',
                                                         'This receipt is signed by Guichet. To check it, save the file then open "Verify a receipt".') }));
    root.appendChild(G.receiptActions(claim, false));
    var history = G.receiptHistory(claim);
    if (history) root.appendChild(history);
  }

  function load() {
    var status = document.getElementById('page-status');
    // The program too, for its zone: the receipt's times are shown in it.
    return Promise.all([G.api('GET', '/api/claim'), G.loadProgram()]).then(function (answers) {
      var result = answers[0];
      if (result.ok && result.data && result.data.receipt) {
        claim = result.data;
        G.rememberReceipt(claim);
      } else if (result.status === 401) {
        status.appendChild(G.loginNotice());
      } else if (result.status === 404) {
        status.appendChild(G.el('div', { class: 'notice' }, [
          G.el('p', { text: G.errorText({ status: 404, data: result.data || { error: 'no_claim' } }, G.lang()) }),
          G.el('p', null, [G.el('a', { href: '/claim.html', text: G.t('Page de demande', 'Claim page') })])
        ]));
      } else {
        G.showFailure(status, result);
        claim = G.rememberedReceipt();  // the copy this browser kept when the claim succeeded
        if (claim) status.appendChild(G.el('p', { text: G.t('Voici la copie du reçu gardée par ce navigateur.', 'Here is the copy of the receipt this browser kept.') }));
      }
      render();
      if (claim && new URLSearchParams(location.search).get('print')) setTimeout(function () { window.print(); }, 300);
    });
  }

  G.ready(function () {
    load();
    G.onLang(render);
  });
})();
