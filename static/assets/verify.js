/* Verifies a receipt in the browser: ECDSA P-256 / SHA-256 over the UTF-8
   bytes of `receipt`, 64-byte r||s signature (WebCrypto's form), against the
   public key at /keys/receipt.pem. The only requests are for that key and,
   for a genuine receipt that names its log entry, the public log's files. */
(function () {
  'use strict';
  var G = window.Guichet;
  var last = null;

  function base64Bytes(text) {
    var binary = atob(text.replace(/\s+/g, ''));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function loadKey() {
    return fetch('/keys/receipt.pem', { credentials: 'omit' }).then(function (response) {
      if (!response.ok) throw { keyStatus: response.status };
      return response.text();
    }).then(function (pem) {
      var body = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '');
      return crypto.subtle.importKey('spki', base64Bytes(body), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    });
  }

  function show(nodes, kind) {
    var box = G.clear(document.getElementById('verify-result'));
    box.appendChild(G.el('div', { class: 'notice notice-' + kind, id: 'verify-outcome', 'data-valid': kind === 'ok' ? 'true' : 'false' }, nodes));
    box.focus();
  }

  function render() {
    if (!last) return;
    if (last.valid) {
      show([G.el('h2', { class: 'status-ok', text: G.t('Reçu authentique', 'Genuine receipt') }),
            G.el('p', { text: G.t('La signature est valide : ce reçu a été émis par Guichet et n\'a pas été modifié.', 'The signature is valid: this receipt was issued by Guichet and has not been changed.') }),
            G.receiptView(last.claim)], 'ok');
    } else {
      show([G.el('h2', { class: 'status-bad', text: G.t('Reçu non valide', 'Receipt not valid') }),
            G.el('p', { text: last.reason })], 'bad');
    }
  }

  function verify(text) {
    var claim = G.parseReceipt(text);
    if (!claim || typeof claim.receipt !== 'string' || typeof claim.signature !== 'string') {
      last = { valid: false, reason: G.t('Ce texte n\'est pas un reçu Guichet : il faut un objet JSON avec « receipt » et « signature ».',
                                         'This text is not a Guichet receipt: it must be a JSON object with "receipt" and "signature".') };
      render();
      return Promise.resolve();
    }
    if (!window.crypto || !crypto.subtle) {
      last = { valid: false, reason: G.t('Ce navigateur ne permet pas la vérification (WebCrypto absent ou page non sécurisée).', 'This browser cannot verify (no WebCrypto, or the page is not secure).') };
      render();
      return Promise.resolve();
    }
    var signature;
    try { signature = base64Bytes(claim.signature); } catch (e) { signature = new Uint8Array(0); }
    // The program's zone for the receipt's times (a static file, not an API call).
    var key = null;
    if (G.clearLogCheck) G.clearLogCheck();  // an earlier receipt's
    return G.loadProgram().then(loadKey).then(function (loaded) {
      key = loaded;
      if (signature.length !== 64) return false;
      return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, new TextEncoder().encode(claim.receipt));
    }).then(function (valid) {
      last = valid ? { valid: true, claim: claim }
                   : { valid: false, reason: G.t('La signature ne correspond pas : ce reçu a été modifié ou n\'a pas été émis par Guichet.', 'The signature does not match: this receipt has been changed or was not issued by Guichet.') };
      render();
      // Then its entry in the public log (log-verify.js), only for a genuine receipt.
      if (valid && G.checkLogInclusion) return G.checkLogInclusion(claim, key);
    }, function () {
      last = null;
      show([G.el('p', { text: G.t('La clé publique de Guichet n\'a pas pu être chargée ; la vérification est impossible pour l\'instant. Réessayez dans quelques instants.',
                                  'Guichet\'s public key could not be loaded; verification is not possible right now. Try again in a few moments.') })], 'bad');
    });
  }

  G.ready(function () {
    var form = document.getElementById('verify-form');
    var file = document.getElementById('receipt-file');
    var area = document.getElementById('receipt-text');
    var summary = document.getElementById('error-summary');
    file.addEventListener('change', function () {
      if (!file.files[0]) return;
      file.files[0].text().then(function (text) { area.value = text; });
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var pick = file.files && file.files[0];
      var read = pick && !area.value.trim() ? pick.text() : Promise.resolve(area.value);
      read.then(function (text) {
        if (!text.trim()) {
          G.errorSummary(summary, [{ id: 'receipt-file', text: G.t('Choisissez le fichier du reçu ou collez son contenu.', 'Choose the receipt file or paste its content.') }]);
          return;
        }
        G.errorSummary(summary, []);
        verify(text);
      });
    });
    G.onLang(render);
  });
})();
