/* The verify page's "public log" part: once verify.js has found a receipt's
   signature valid, and the receipt names its entry (log_index), checks the
   entry and the chain to the latest signed checkpoint (log-chain.js), and
   optionally a checkpoint the visitor kept from earlier, and says which check
   failed, in words, in both languages. */
(function () {
  'use strict';
  var G = window.Guichet;
  var last = null;

  /* Each failure in both languages; a = the failure's numbers. */
  var FAILURES = {
    checkpoint_unreadable: function () { return ['Le point de contrôle publié (/log/checkpoint.json) est illisible.', 'The published checkpoint (/log/checkpoint.json) cannot be read.']; },
    checkpoint_signature: function () { return ['La signature du point de contrôle publié n\'est pas valide : il n\'a pas été signé par Guichet ou a été modifié.', 'The published checkpoint\'s signature is not valid: it was not signed by Guichet, or it was changed.']; },
    older_unreadable: function () { return ['Le point de contrôle collé n\'est pas un fichier de point de contrôle Guichet ({checkpoint, signature}).', 'The pasted checkpoint is not a Guichet checkpoint file ({checkpoint, signature}).']; },
    older_signature: function () { return ['La signature du point de contrôle collé n\'est pas valide.', 'The pasted checkpoint\'s signature is not valid.']; },
    shrank: function (a) { return ['Le journal a perdu des entrées : votre ancien point de contrôle en compte ' + a.m + ', le dernier publié ' + a.n + '.', 'The log lost entries: your older checkpoint counts ' + a.m + ', the latest published one ' + a.n + '.']; },
    older_head: function (a) { return ['Le journal a été réécrit depuis votre ancien point de contrôle : l\'entrée ' + a.k + ' n\'a plus l\'empreinte qu\'il a signée.', 'The log was rewritten since your older checkpoint: entry ' + a.k + ' no longer has the hash it signed.']; },
    head: function (a) { return ['La tête du journal ne correspond pas au point de contrôle signé : l\'entrée ' + a.k + ' n\'a pas l\'empreinte signée.', 'The log\'s head does not match the signed checkpoint: entry ' + a.k + ' does not have the signed hash.']; },
    entry_changed: function (a) { return ['L\'entrée ' + a.k + ' a été modifiée : elle n\'a plus l\'empreinte que nomme votre reçu (log_hash).', 'Entry ' + a.k + ' was changed: it no longer has the hash your receipt names (log_hash).']; },
    entry_differs: function (a) { return ['L\'entrée ' + a.k + ' ne décrit pas votre demande (numéro, dossier, heure ou ordre d\'arrivée différent).', 'Entry ' + a.k + ' does not describe your claim (another claim number, dossier, time or order of arrival).']; },
    link: function (a) { return ['L\'entrée ' + (a.k - 1) + ' ou l\'entrée ' + a.k + ' a été modifiée : l\'entrée ' + a.k + ' ne renvoie plus à l\'empreinte de l\'entrée ' + (a.k - 1) + '.', 'Entry ' + (a.k - 1) + ' or entry ' + a.k + ' was changed: entry ' + a.k + ' no longer points to the hash of entry ' + (a.k - 1) + '.']; },
    first_prev: function () { return ['L\'entrée 1 a été modifiée : son « prev » n\'est pas 64 zéros.', 'Entry 1 was changed: its "prev" is not 64 zeros.']; },
    missing: function (a) { return ['L\'entrée ' + a.k + ' manque entre ' + a.before + ' et ' + a.after + '.', 'Entry ' + a.k + ' is missing between ' + a.before + ' and ' + a.after + '.']; },
    order: function (a) { return ['Des entrées sont dans le désordre : l\'entrée ' + a.before + ' vient avant l\'entrée ' + a.k + '.', 'Entries are out of order: entry ' + a.before + ' comes before entry ' + a.k + '.']; },
    repeated: function (a) { return ['L\'entrée ' + a.k + ' apparaît une seconde fois, après l\'entrée ' + a.after + '.', 'Entry ' + a.k + ' appears again, after entry ' + a.after + '.']; },
    missing_end: function (a) { return ['L\'entrée ' + a.k + ' manque : le journal s\'arrête après l\'entrée ' + a.before + '.', 'Entry ' + a.k + ' is missing: the log stops after entry ' + a.before + '.']; },
    cut: function (a) { return ['L\'entrée ' + a.k + ' est tronquée.', 'Entry ' + a.k + ' is cut short.']; },
    no_segment: function (a) { return ['L\'entrée ' + a.k + ' manque : le fichier /log/' + a.file + ' n\'est pas publié.', 'Entry ' + a.k + ' is missing: the file /log/' + a.file + ' is not published.']; },
    too_long: function (a) { return ['Le fichier /log/' + a.file + ' contient plus de 1000 entrées.', 'The file /log/' + a.file + ' holds more than 1000 entries.']; },
    unreadable: function (a) { return ['L\'entrée ' + a.k + ' est illisible.', 'Entry ' + a.k + ' cannot be read.']; },
    rank: function (a) { return ['L\'entrée ' + a.k + ' porte l\'ordre d\'arrivée ' + a.rank + ' : il doit être sa position.', 'Entry ' + a.k + ' has order of arrival ' + a.rank + ': it must be its position.']; },
    time: function (a) { return ['L\'entrée ' + a.k + ' a été reçue avant l\'entrée ' + (a.k - 1) + '.', 'Entry ' + a.k + ' was received before entry ' + (a.k - 1) + '.']; },
    network: function () { return ['Le journal public n\'a pas pu être chargé. Réessayez dans quelques instants.', 'The public log could not be loaded. Try again in a few moments.']; }
  };

  function render() {
    if (!last) return;
    var box = G.clear(document.getElementById('log-result'));
    var kind, title, lines = [], included = false;
    if (last.included) {
      kind = 'ok';
      included = true;
      title = G.t('Inclus dans le journal public', 'Included in the public log');
      lines.push(G.t('Inclus dans le journal public : entrée ' + last.index + ' sur ' + last.count + ', point de contrôle publié le ' + G.formatDateTime(Date.parse(last.publishedAt)) + ' (' + last.publishedAt + ').',
                     'Included in the public log: entry ' + last.index + ' of ' + last.count + ', checkpoint published at ' + G.formatDateTime(Date.parse(last.publishedAt)) + ' (' + last.publishedAt + ').'));
      lines.push(G.t('Vérifié de l\'entrée ' + last.from + ' à ' + last.count + ' : chaque entrée suit la précédente et renvoie à son empreinte, et la dernière est la tête signée.',
                     'Checked from entry ' + last.from + ' to ' + last.count + ': each entry follows the one before and points to its hash, and the last one is the signed head.'));
      if (last.older !== null) {
        lines.push(G.t('Votre ancien point de contrôle (' + last.older + ' entrées) est sur la même chaîne : le journal n\'a fait que s\'allonger.',
                       'Your older checkpoint (' + last.older + ' entries) is on the same chain: the log was only extended.'));
      }
    } else if (last.notYet) {
      kind = 'warn';
      title = G.t('Pas encore dans le journal public', 'Not in the public log yet');
      lines.push(G.t('Votre entrée (' + last.index + ') est plus récente que le dernier point de contrôle (' + last.count + ' entrées). Un point de contrôle est publié toutes les quelques secondes : réessayez.',
                     'Your entry (' + last.index + ') is newer than the latest checkpoint (' + last.count + ' entries). A checkpoint is published every few seconds: try again.'));
    } else if (last.unpublished) {
      kind = 'warn';
      title = G.t('Journal public pas encore publié', 'Public log not published yet');
    } else {
      kind = 'bad';
      title = G.t('Le journal public ne se vérifie pas', 'The public log does not check out');
      var words = (FAILURES[last.problem] || FAILURES.network)(last.args || {});
      lines.push(G.t(words[0], words[1]));
    }
    var nodes = [G.el('h3', { class: kind === 'ok' ? 'status-ok' : kind === 'bad' ? 'status-bad' : null, text: title })];
    lines.forEach(function (text, i) { nodes.push(G.el('p', { id: i === 0 ? 'log-summary' : null, text: text })); });
    if (last.included) {
      nodes.push(G.el('p', null, [G.el('a', { href: '/log/checkpoints/' + last.count + '.json', download: 'guichet-checkpoint-' + last.count + '.json', id: 'save-checkpoint',
                                              text: G.t('Enregistrer ce point de contrôle pour comparer plus tard', 'Save this checkpoint to compare later') })]));
    }
    box.appendChild(G.el('div', { class: 'notice notice-' + kind, id: 'log-outcome', 'data-included': included ? 'true' : 'false',
                                  'data-problem': last.problem || null }, nodes));
  }

  G.clearLogCheck = function () {
    var box = document.getElementById('log-result');
    if (box) G.clear(box);
    last = null;
  };

  /* claim: the {receipt, signature} answer, its signature already verified with key. */
  G.checkLogInclusion = function (claim, key) {
    var box = document.getElementById('log-result');
    G.clearLogCheck();
    var r = G.parseReceipt(claim.receipt) || {};
    if (!box || !Number.isSafeInteger(r.log_index) || r.log_index < 1 || !G.logChain.isHash(r.log_hash)) return Promise.resolve();
    box.appendChild(G.el('p', { class: 'hint', text: G.t('Vérification dans le journal public…', 'Checking the public log…') }));
    var older = document.getElementById('older-checkpoint');
    return G.logChain.check(r, key, older ? older.value.trim() : '').then(function (result) {
      last = result;
      render();
    });
  };

  G.ready(function () { G.onLang(render); });
})();
