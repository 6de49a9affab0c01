/* Checks a lottery draw in the browser from public data alone:
   /status/draw.json {seed, seed_commitment, claim_ids, ranking, places_total}.
   SHA-256(seed) must equal the commitment published before the opening (and
   the one on the candidate's receipt, when one was loaded above); the ranking
   is recomputed: claim ids sorted by the lowercase hex of
   HMAC-SHA256(key = the 32 seed bytes, message = the claim id as ASCII).
   Same rule as domain/lottery.h and guichet-verify draw. */
(function () {
  'use strict';
  var G = window.Guichet;
  var last = null;

  function hexBytes(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  }
  function bytesHex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }
  function isHex(text, length) { return typeof text === 'string' && text.length === length && /^[0-9a-f]+$/.test(text); }

  /* The receipt pasted or loaded in the form above, if any: {claim_id, seed_commitment}. */
  function receiptFacts() {
    var area = document.getElementById('receipt-text');
    var claim = area && G.parseReceipt(area.value);
    var r = claim && typeof claim.receipt === 'string' ? G.parseReceipt(claim.receipt) : null;
    return r || {};
  }

  function recompute(record) {
    var enc = new TextEncoder();
    return crypto.subtle.digest('SHA-256', hexBytes(record.seed)).then(function (digest) {
      var result = { commitmentOk: bytesHex(digest) === record.seed_commitment };
      return crypto.subtle.importKey('raw', hexBytes(record.seed), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
        .then(function (key) {
          return Promise.all(record.claim_ids.map(function (id) {
            return crypto.subtle.sign('HMAC', key, enc.encode(id)).then(function (mac) { return { id: id, key: bytesHex(mac) }; });
          }));
        }).then(function (keyed) {
          keyed.sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
          result.ranking = keyed.map(function (k) { return k.id; });
          result.rankingOk = result.ranking.length === record.ranking.length &&
            result.ranking.every(function (id, i) { return id === record.ranking[i]; });
          return result;
        });
    });
  }

  function line(ok, fr, en) {
    return G.el('li', { class: ok ? 'status-ok' : 'status-bad', 'data-ok': ok ? 'true' : 'false' }, [(ok ? '✓ ' : '✗ ') + G.t(fr, en)]);
  }

  function render() {
    if (!last) return;
    var box = G.clear(document.getElementById('draw-result'));
    var nodes = [];
    var kind = 'ok';
    if (last.notYet) {
      kind = 'warn';
      nodes.push(G.el('p', { text: G.t('Le tirage n\'a pas encore eu lieu.', 'The draw has not run yet.') }));
      if (last.commitment) {
        nodes.push(G.el('p', { text: G.t('Empreinte de la graine publiée (SHA-256) :', 'Published seed fingerprint (SHA-256):') }));
        nodes.push(G.el('p', { class: 'mono', id: 'draw-commitment', text: last.commitment }));
      } else {
        nodes.push(G.el('p', { text: G.t('Ce programme n\'attribue pas les places par tirage au sort.', 'This program does not allocate places by a draw.') }));
      }
    } else if (last.failed) {
      kind = 'bad';
      nodes.push(G.el('p', { text: last.failed }));
    } else {
      var items = [
        line(last.commitmentOk, 'La graine révélée correspond à l\'empreinte publiée avant l\'ouverture.', 'The revealed seed matches the fingerprint published before the opening.'),
        line(last.rankingOk, 'Classement refait à partir de ' + last.count + ' numéros de demande : ' + (last.rankingOk ? 'identique au classement publié.' : 'DIFFÉRENT du classement publié.'),
             'Ranking recomputed from ' + last.count + ' claim numbers: ' + (last.rankingOk ? 'identical to the published ranking.' : 'DIFFERENT from the published ranking.'))
      ];
      if (last.receiptCommitment) {
        items.push(line(last.receiptCommitment === last.commitment, 'L\'empreinte de votre reçu est celle du tirage.', 'Your receipt\'s fingerprint is the draw\'s.'));
      }
      if (last.claimId) {
        if (last.rank) {
          items.push(line(true, 'Votre demande ' + last.claimId + ' : rang ' + last.rank + ' sur ' + last.count + ', ' + G.outcomeText(last.outcome).toLowerCase() + '.',
                          'Your claim ' + last.claimId + ': rank ' + last.rank + ' of ' + last.count + ', ' + G.outcomeText(last.outcome).toLowerCase() + '.'));
        } else {
          items.push(line(false, 'Votre demande ' + last.claimId + ' n\'est pas dans la liste de la période de tirage (une demande reçue après cette période est classée après toutes celles du tirage).',
                          'Your claim ' + last.claimId + ' is not in the list of the draw period (a claim received after the period ranks after all drawn ones).'));
        }
      }
      var allOk = last.commitmentOk && last.rankingOk && (!last.receiptCommitment || last.receiptCommitment === last.commitment) && (!last.claimId || last.rank);
      kind = allOk ? 'ok' : 'bad';
      nodes.push(G.el('h3', { class: allOk ? 'status-ok' : 'status-bad', text: allOk ? G.t('Le tirage est vérifié', 'The draw checks out') : G.t('Le tirage ne se vérifie pas', 'The draw does not check out') }));
      nodes.push(G.el('ul', null, items));
      nodes.push(G.el('p', { class: 'hint', text: G.t('Places offertes : ', 'Places offered: ') + last.places }));
    }
    box.appendChild(G.el('div', { class: 'notice notice-' + kind, id: 'draw-outcome', 'data-verified': kind === 'ok' ? 'true' : 'false' }, nodes));
    box.focus();
  }

  function check(claimId) {
    var facts = receiptFacts();
    return fetch('/status/draw.json', { credentials: 'omit', cache: 'no-store' }).then(function (response) {
      if (response.status === 404) {
        return G.api('GET', '/api/window').then(function (result) {
          var d = result.ok && result.data || {};
          last = { notYet: true, commitment: d.policy === 'lottery' ? d.seed_commitment : null };
        });
      }
      if (!response.ok) throw new Error('status ' + response.status);
      return response.json().then(function (record) {
        if (!record || !isHex(record.seed, 64) || !isHex(record.seed_commitment, 64) || !Array.isArray(record.claim_ids) ||
            !Array.isArray(record.ranking) || typeof record.places_total !== 'number') {
          last = { failed: G.t('Les données publiées du tirage sont illisibles.', 'The published draw data cannot be read.') };
          return;
        }
        return recompute(record).then(function (result) {
          var position = claimId ? result.ranking.indexOf(claimId) : -1;
          last = { commitmentOk: result.commitmentOk, rankingOk: result.rankingOk, count: record.claim_ids.length,
                   commitment: record.seed_commitment, receiptCommitment: facts.seed_commitment || null,
                   places: record.places_total, claimId: claimId || null,
                   rank: position >= 0 ? position + 1 : 0,
                   outcome: position >= 0 && position < record.places_total ? 'granted' : 'waitlisted' };
        });
      });
    }).then(render, function () {
      last = { failed: G.t('Les données du tirage n\'ont pas pu être chargées. Réessayez dans quelques instants.', 'The draw data could not be loaded. Try again in a few moments.') };
      render();
    });
  }

  G.ready(function () {
    var form = document.getElementById('draw-form');
    var input = document.getElementById('draw-claim-id');
    var summary = document.getElementById('draw-error-summary');
    var area = document.getElementById('receipt-text');
    function fill() {
      var id = receiptFacts().claim_id;
      if (id && !input.value) input.value = id;
    }
    if (area) area.addEventListener('input', fill);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      fill();
      var id = input.value.trim().toLowerCase();
      if (id && !isHex(id, 32)) {
        G.errorSummary(summary, [{ id: 'draw-claim-id', text: G.t('Le numéro de demande a 32 caractères de 0 à 9 et de a à f.', 'The claim number has 32 characters from 0 to 9 and a to f.') }]);
        return;
      }
      G.errorSummary(summary, []);
      if (!window.crypto || !crypto.subtle) {
        last = { failed: G.t('Ce navigateur ne permet pas la vérification (WebCrypto absent ou page non sécurisée).', 'This browser cannot verify (no WebCrypto, or the page is not secure).') };
        render();
        return;
      }
      check(id);
    });
    G.onLang(render);
  });
})();
