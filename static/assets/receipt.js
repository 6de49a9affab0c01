/* The candidate's receipt (GET /api/claim), to read, print and save. */
(function () {
  'use strict';
  var G = window.Guichet;
  var claim = null;

  function render() {
    var root = G.clear(document.getElementById('receipt-root'));
    if (!claim) return;
    root.appendChild(G.receiptView(claim));
    root.appendChild(G.el('p', { class: 'hint', text: G.t('Ce reçu est signé par Guichet. Pour le vérifier, enregistrez le fichier puis ouvrez « Vérifier un reçu ».',
                                                         'This receipt is signed by Guichet. To check it, save the file then open "Verify a receipt".') }));
    root.appendChild(G.receiptActions(claim, false));
  }

  G.ready(function () {
    var status = document.getElementById('page-status');
    // The program too, for its zone: the receipt's times are shown in it.
    Promise.all([G.api('GET', '/api/claim'), G.loadProgram()]).then(function (answers) {
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
    G.onLang(render);
  });
})();
