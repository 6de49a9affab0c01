/* The claim page. The button enables itself at the opening (server clock);
   one press sends POST /api/claim, and the page keeps trying on its own while
   the site is busy (429, 503) with jittered exponential back-off, showing the
   time of the next attempt. A claim is idempotent on the server (a repeat
   answers 200 with the same receipt), so retrying is safe. */
(function () {
  'use strict';
  var G = window.Guichet;

  var view = null;          // the window watcher
  var claim = null;         // {receipt, signature} once known
  var loggedIn = null;      // null unknown, true, false
  var sending = false;      // a claim is in flight or waiting to retry
  var attempt = 0;
  var retryTimer = null, countdownTimer = null;

  var BASE_MS = 1000, CAP_MS = 30000;

  function $(id) { return document.getElementById(id); }

  /* status: the polite live region that tells what the claim is doing. */
  function status(nodes, kind) {
    var box = G.clear($('claim-status'));
    box.className = kind ? 'notice notice-' + kind : '';
    (Array.isArray(nodes) ? nodes : [nodes]).forEach(function (node) {
      box.appendChild(typeof node === 'string' ? G.el('p', { text: node }) : node);
    });
  }

  function button() { return $('claim-button'); }

  function setButton(enabled, reason) {
    var b = button();
    b.setAttribute('aria-disabled', enabled ? 'false' : 'true');
    b.classList.toggle('is-disabled', !enabled);
    $('claim-button-reason').textContent = reason || '';
  }

  function updateButton() {
    if (claim) { $('claim-form').hidden = true; return; }
    $('claim-form').hidden = false;
    if (sending) { setButton(false, G.t('Demande en cours : la page s\'en occupe.', 'Claim in progress: the page is handling it.')); return; }
    if (loggedIn === false) { setButton(false, G.t('Connectez-vous d\'abord.', 'Log in first.')); return; }
    var state = view && view.data ? view.state() : 'unknown';
    if (state === 'open') setButton(true, G.t('C\'est ouvert.', 'It is open.'));
    else if (state === 'scheduled') setButton(false, G.t('Le bouton s\'activera de lui-même à l\'ouverture. Inutile d\'actualiser la page.', 'The button will enable itself at the opening. No need to reload the page.'));
    else if (state === 'paused') setButton(false, G.t('Les demandes sont suspendues ; le bouton se réactivera à la reprise.', 'Claims are paused; the button will enable itself again when they resume.'));
    else if (state === 'closed') setButton(false, G.t('La période de demande est terminée.', 'The claim period is over.'));
    else if (state === 'unannounced') setButton(false, G.t('La date d\'ouverture n\'est pas encore annoncée.', 'The opening date has not been announced yet.'));
    else setButton(false, G.t('En attente du calendrier…', 'Waiting for the schedule…'));
  }

  function showClaim(result) {
    claim = { receipt: result.receipt, signature: result.signature };
    G.rememberReceipt(claim);
    var root = G.clear($('claim-result'));
    root.appendChild(G.el('h2', { id: 'claim-result-title', tabindex: '-1', text: G.t('Votre demande est enregistrée', 'Your claim is recorded') }));
    root.appendChild(G.receiptView(claim));
    root.appendChild(G.el('p', { text: G.t('Gardez ce reçu : imprimez-le et enregistrez le fichier. Il est signé et peut être vérifié par n\'importe qui.',
                                           'Keep this receipt: print it and save the file. It is signed and anyone can check it.') }));
    root.appendChild(G.receiptActions(claim, true));
    updateButton();
  }

  function clearTimers() {
    $('retry-seconds').hidden = true;
    clearTimeout(retryTimer);
    clearInterval(countdownTimer);
    retryTimer = countdownTimer = null;
  }

  /* Jittered exponential back-off: a random delay in [b/2, b] where b doubles
     each attempt up to 30 s, and never earlier than the server's Retry-After. */
  function backoff(retryAfter) {
    var b = Math.min(CAP_MS, BASE_MS * Math.pow(2, attempt));
    attempt++;
    var delay = b / 2 + Math.random() * b / 2;
    if (retryAfter) delay = Math.max(delay, retryAfter * 1000 * (1 + Math.random() * 0.5));
    return Math.round(delay);
  }

  function scheduleRetry(delay, lines, kind) {
    clearTimers();
    var at = Date.now() + delay;
    // Announced once, in the live region: the time of the next attempt.
    status(lines.concat([G.el('p', { id: 'next-attempt', 'data-at': String(at), text:
      G.t('Prochain essai automatique à ', 'Next automatic attempt at ') + G.formatClock(at) +
      G.t('. Gardez cette page ouverte ; inutile de l\'actualiser.', '. Keep this page open; no need to reload it.') })]), kind);
    // The seconds tick outside the live region, so a screen reader is not told every second.
    var seconds = $('retry-seconds');
    var fill = function () {
      var left = Math.max(0, Math.ceil((at - Date.now()) / 1000));
      seconds.textContent = G.t('Nouvel essai dans ' + left + ' s', 'Trying again in ' + left + ' s');
    };
    seconds.hidden = false;
    fill();
    countdownTimer = setInterval(fill, 1000);
    retryTimer = setTimeout(send, delay);
  }

  function problemsList(problems) {
    var list = G.el('ul');
    (problems || []).forEach(function (problem) {
      list.appendChild(G.el('li', null, [G.el('a', { href: G.problemLink(problem), text: G.problemLabel(problem) + G.t(' : ', ': ') + (problem.message || problem.code) })]));
    });
    return list;
  }

  /* The error's `fields` ({key: code}, documents as "document:<kind>") as problems. */
  function fieldsAsProblems(fields) {
    return Object.keys(fields || {}).map(function (key) {
      var doc = key.indexOf('document:') === 0;
      var problem = { code: fields[key], message: G.fieldCodeText(fields[key]) };
      problem[doc ? 'document' : 'field'] = doc ? key.slice(9) : key;
      return problem;
    });
  }

  function send() {
    clearTimers();
    sending = true;
    updateButton();
    status(G.t('Envoi de votre demande…', 'Sending your claim…'));
    G.api('POST', '/api/claim').then(function (result) {
      if (result.status === 201 || result.status === 200) {
        sending = false;
        clearTimers();
        status(G.t('Demande reçue.', 'Claim received.'), 'ok');
        showClaim(result.data);
        $('claim-result-title').focus();
        return;
      }
      var code = G.errorCode(result);
      var message = result.data && result.data.message;
      if (G.isBusy(result)) {
        scheduleRetry(backoff(result.retryAfter), [
          G.el('p', { class: 'status-bad', text: G.t('Le site est très sollicité : votre demande n\'a pas encore été reçue.',
                                                     'The site is very busy: your claim has not been received yet.') }),
          G.el('p', { text: G.t('La page réessaie toute seule, à intervalles croissants. Votre place dans la file ne dépend que du moment où le serveur reçoit la demande.',
                                'The page tries again by itself, at growing intervals. Your place depends only on when the server receives the claim.') })
        ], 'warn');
      } else if (G.isUnavailable(result)) {
        scheduleRetry(backoff(result.retryAfter), [G.unavailableNotice(result),
          G.el('p', { text: G.t('La page réessaie toute seule.', 'The page tries again by itself.') })], 'warn');
      } else if (code === 'too_early') {
        // Our clock estimate was a little ahead of the server's: wait for the server's opening.
        var opens = Date.parse((result.data && result.data.opens_at) || (view && view.data && view.data.opens_at));
        var wait = view && view.clock && !isNaN(opens) ? Math.max(200, opens - view.clock.now()) : 1000;
        scheduleRetry(wait + Math.random() * 1000, [message || G.t('Pas encore ouvert.', 'Not open yet.')], 'warn');
      } else if (code === 'window_paused') {
        sending = false;
        status([message, G.t('Le bouton se réactivera à la reprise.', 'The button will enable itself again when claims resume.')], 'warn');
        if (view) view.refresh();
      } else if (code === 'window_closed') {
        sending = false;
        status(message, 'bad');
        if (view) view.refresh();
      } else if (code === 'not_compliant') {
        sending = false;
        var problems = (result.data && result.data.problems) || fieldsAsProblems(result.data && result.data.fields);
        var box = [G.el('p', { class: 'status-bad', text: message })];
        if (problems.length) box.push(problemsList(problems));
        box.push(G.el('p', null, [G.el('a', { href: '/check.html', text: G.t('Vérifier mes réponses', 'Check my answers') })]));
        status(box, 'bad');
        if (!problems.length) G.api('GET', '/api/dossier').then(function (d) {
          if (d.ok && d.data.compliance && d.data.compliance.problems.length) $('claim-status').insertBefore(problemsList(d.data.compliance.problems), $('claim-status').lastChild);
        });
      } else if (code === 'duplicate_identity') {
        // Another account's claim holds this passport: no retry would change
        // that. The message says what to do; the link reaches the number.
        sending = false;
        var number = G.identityNumberField();
        status([G.el('p', { class: 'status-bad', text: message }),
          G.el('p', null, [G.el('a', { href: number ? G.problemLink({ field: number }) : '/check.html',
            text: G.t('Vérifier mon numéro de passeport', 'Check my passport number') })])], 'bad');
      } else if (result.status === 401) {
        sending = false;
        loggedIn = false;
        status(G.loginNotice(), 'warn');
      } else {
        sending = false;
        status(message || G.t('Erreur ' + result.status + '.', 'Error ' + result.status + '.'), 'bad');
      }
      updateButton();
    });
  }

  function onPress(event) {
    event.preventDefault();
    if (button().getAttribute('aria-disabled') === 'true' || sending || claim) return;
    attempt = 0;
    send();
  }

  function loadSession() {
    var box = $('session-info');
    return G.api('GET', '/api/claim').then(function (result) {
      G.clear(box);
      if (result.ok && result.data && result.data.receipt) { loggedIn = true; showClaim(result.data); return; }
      if (result.status === 404) {
        loggedIn = true;
        box.appendChild(G.el('p', { class: 'status-ok', text: G.t('Vous êtes connecté. Restez sur cette page.', 'You are logged in. Stay on this page.') }));
        G.loadProgram().then(function () { return G.api('GET', '/api/dossier'); }).then(function (d) {
          if (d.ok && d.data.compliance && !d.data.compliance.compliant) {
            box.appendChild(G.el('div', { class: 'notice notice-warn' }, [
              G.el('p', { text: G.t('Votre dossier n\'est pas complet : une demande serait refusée.', 'Your dossier is not complete: a claim would be refused.') }),
              problemsList(d.data.compliance.problems)
            ]));
          }
        });
      } else if (result.status === 401) {
        loggedIn = false;
        var notice = G.loginNotice();
        notice.insertBefore(G.el('p', { class: 'status-bad', text: G.t('Connectez-vous maintenant, avant l\'ouverture : au moment de l\'ouverture, la connexion peut être lente.',
                                                                       'Log in now, before the opening: at opening time, logging in may be slow.') }), notice.firstChild);
        box.appendChild(notice);
      } else {
        G.showFailure(box, result);  // the claim function is down or busy: the countdown still works
        var remembered = G.rememberedReceipt();
        if (remembered) showClaim(remembered);
      }
      updateButton();
    });
  }

  G.ready(function () {
    Promise.resolve(G.loadProgram()).then(function () {
      view = G.watchWindow({ container: $('window-info'), onChange: updateButton });
      $('claim-form').addEventListener('submit', onPress);
      loadSession();
      updateButton();
    });
    G.onLang(function () {
      updateButton();
      if (claim) showClaim(claim);
    });
  });
})();
