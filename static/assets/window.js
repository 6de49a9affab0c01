/* The intake window: dates, places and the countdown to the opening.
   The server's clock is measured at each poll and the best measurement kept
   (Guichet.serverClock: half the shortest round trip at worst); the visible
   countdown ticks every second (role=timer, not announced), and a separate
   polite live region announces milestones (1 h, 15 min, 5 min, 1 min, 10 s,
   the opening) so a screen reader is told without being flooded. */
(function () {
  'use strict';
  var G = window.Guichet;

  var MILESTONES = [3600, 1800, 900, 600, 300, 120, 60, 30, 10];

  function stateLabel(state) {
    return G.t({
      scheduled: { fr: 'Pas encore ouverte', en: 'Not open yet' },
      open: { fr: 'Ouverte', en: 'Open' },
      paused: { fr: 'Suspendue', en: 'Paused' },
      closed: { fr: 'Terminée', en: 'Over' }
    }[state] || { fr: state, en: state });
  }

  /* watchWindow({container, onChange(view)}) -> view
     view: {clock, data, state(), opensAt, closesAt, refresh()} */
  G.watchWindow = function (options) {
    var container = options.container;
    var view = { clock: null, data: null, failed: null };
    var announced = {};
    var live = G.el('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'countdown-live' });
    var body = G.el('div');
    G.clear(container);
    container.appendChild(body);
    container.appendChild(live);
    var timerNode = null;
    var retryDelay = 2000;
    var pending = null;
    var openingTimer = null;
    function schedule(ms) { clearTimeout(pending); pending = setTimeout(refresh, ms); }

    view.state = function () {
      var d = view.data;
      if (!d) return 'unknown';
      if (!d.opens_at) return 'unannounced';
      var now = view.clock.now();
      if (d.state === 'scheduled' && now >= Date.parse(d.opens_at)) return now >= Date.parse(d.closes_at) ? 'closed' : 'open';
      if (d.state === 'open' && now >= Date.parse(d.closes_at)) return 'closed';
      return d.state;
    };

    function announce(text) { live.textContent = text; }

    function render() {
      G.clear(body);
      timerNode = null;
      if (view.failed) { body.appendChild(G.unavailableNotice(view.failed)); return; }
      var d = view.data;
      if (!d) { body.appendChild(G.el('p', { text: G.t('Chargement du calendrier…', 'Loading the schedule…') })); return; }
      if (!d.opens_at) {
        body.appendChild(G.el('p', { text: G.t('La date d\'ouverture n\'est pas encore annoncée. Elle paraîtra ici et dans le bandeau.',
                                              'The opening date has not been announced yet. It will appear here and in the banner.') }));
        return;
      }
      var state = view.state();
      var rows = G.el('dl', { class: 'answers' }, [
        G.el('dt', { text: G.t('Ouverture', 'Opening') }), G.el('dd', { text: G.formatDateTime(Date.parse(d.opens_at)) }),
        G.el('dt', { text: G.t('Fermeture', 'Closing') }), G.el('dd', { text: G.formatDateTime(Date.parse(d.closes_at)) }),
        G.el('dt', { text: G.t('Places', 'Places') }), G.el('dd', { class: 'places', text: state === 'scheduled'
          ? String(d.places_total)
          : G.t(d.places_left + ' restantes sur ' + d.places_total, d.places_left + ' left of ' + d.places_total) }),
        G.el('dt', { text: G.t('Attribution', 'Allocation') }), G.el('dd', { text: d.policy === 'lottery'
          ? G.t('tirage au sort parmi les demandes reçues pendant la période de tirage', 'draw among the claims received during the draw period')
          : G.t('premier arrivé, premier servi (heure de réception par le serveur)', 'first come, first served (time the server receives the claim)') }),
        G.el('dt', { text: G.t('État', 'State') }), G.el('dd', { id: 'window-state', 'data-state': state, text: stateLabel(state) })
      ]);
      body.appendChild(rows);
      if (d.policy === 'lottery') body.appendChild(lotteryFacts(d));
      if (state === 'scheduled') {
        body.appendChild(G.el('p', { class: 'countdown' }, [G.t('Ouverture dans', 'Opening in')]));
        timerNode = G.el('p', { class: 'countdown-big', role: 'timer', id: 'countdown', 'aria-atomic': 'true' });
        body.appendChild(timerNode);
        body.appendChild(G.el('p', { class: 'hint', text: G.t('Selon l\'horloge du serveur, quelle que soit l\'heure de votre appareil.',
                                                             'By the server\'s clock, whatever the time on your device.') }));
        tick();
      }
    }

    /* A lottery: the end of the draw period and the seed's commitment, published
       before anyone can claim (then the seed itself, once drawn), and where to check. */
    function lotteryFacts(d) {
      var list = G.el('dl', { class: 'answers', id: 'lottery-facts' });
      function row(fr, en, value, mono, id) {
        if (!value) return;
        list.appendChild(G.el('dt', { text: G.t(fr, en) }));
        list.appendChild(G.el('dd', { class: mono ? 'mono' : null, id: id || null, text: value }));
      }
      row('Fin de la période de tirage', 'End of the draw period', d.draw_ends_at ? G.formatDateTime(Date.parse(d.draw_ends_at)) : '');
      row('Engagement sur la graine du tirage (SHA-256)', 'Commitment to the draw\'s seed (SHA-256)', d.seed_commitment, true, 'seed-commitment');
      row('Graine révélée', 'Revealed seed', d.seed, true, 'seed-revealed');
      var wrap = G.el('div', null, [list]);
      wrap.appendChild(G.el('p', { class: 'hint' }, [
        G.t('Cette empreinte est publiée avant l\'ouverture et figure sur chaque reçu ; la graine est révélée après le tirage pour que chacun puisse refaire le classement. ',
            'This fingerprint is published before the opening and appears on every receipt; the seed is revealed after the draw so anyone can recompute the ranking. '),
        G.el('a', { href: '/verify.html#draw', text: G.t('Vérifier le tirage', 'Check the draw') })
      ]));
      return wrap;
    }

    function tick() {
      if (!timerNode || !view.data) return;
      var left = Date.parse(view.data.opens_at) - view.clock.now();
      if (left <= 0) {
        announce(G.t('C\'est ouvert : vous pouvez demander une place.', 'It is open: you can claim a place.'));
        render();
        if (options.onChange) options.onChange(view);
        schedule(1500 + Math.random() * 3000);  // confirm with the server, spread out
        return;
      }
      timerNode.textContent = G.formatDuration(left);
      // The last stretch: one timer for the opening itself, not the next 250 ms tick.
      if (left < 300 && !openingTimer) openingTimer = setTimeout(function () { openingTimer = null; tick(); }, left + 1);
      var seconds = Math.ceil(left / 1000);
      for (var i = 0; i < MILESTONES.length; i++) {
        var mark = MILESTONES[i];
        if (seconds <= mark && seconds > mark - 2 && !announced[mark]) {
          announced[mark] = true;
          announce(G.t('Ouverture dans ', 'Opening in ') + G.formatDuration(mark * 1000));
        }
      }
    }

    function refresh() {
      // Every poll measures the clock again; the best measurement is kept (time.js).
      var fetch = G.serverClock(view.clock);
      // The program's zone, for the dates (program.js; loaded once, then kept).
      var program = G.loadProgram ? G.loadProgram() : null;
      return Promise.all([fetch, program]).then(function (answers) {
        var answer = answers[0];
        if (answer.result.ok && answer.clock) {
          view.clock = answer.clock;
          view.data = answer.result.data;
          view.failed = null;
          retryDelay = 2000;
        } else if (!view.data) {
          view.failed = answer.result;
        }
        render();
        if (options.onChange) options.onChange(view);
        var next = view.failed ? retryDelay : (view.state() === 'open' ? 15000 : 30000);
        if (view.failed) retryDelay = Math.min(retryDelay * 2, 60000);
        schedule(next * (0.8 + Math.random() * 0.4));
      });
    }

    view.refresh = refresh;
    setInterval(tick, 250);
    G.onLang(render);
    render();
    refresh();
    return view;
  };
})();
