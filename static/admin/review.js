// The review view: the claims that hold or held a place (GET /api/admin/review),
// each with its decision or, while undecided, a reason and Accept / Reject
// (PUT /api/admin/review/{claim_id}). A decision is final: the buttons go once
// it is recorded, and a 409 (another reviewer decided first) shows the
// server's words and reloads the list.
'use strict';
(function () {
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function state(c) {
    if (c.offer && c.offer.expired_at) return 'Offre expirée / Offer expired ' + Guichet.timeText(c.offer.expired_at);
    if (c.offer && !c.offer.confirmed_at) return 'Offerte jusqu\'au / Offered until ' + Guichet.timeText(c.offer.confirm_by);
    if (c.offer) return 'Promu, confirmé / Promoted, confirmed ' + Guichet.timeText(c.offer.confirmed_at);
    return c.holds_place ? 'Place accordée / Place granted' : 'Place libérée / Place freed';
  }

  function decide(c, decision, reason) {
    Guichet.api('PUT', '/api/admin/review/' + c.claim_id, { decision: decision, reason: reason }).then(function (data) {
      var what = data.decision === 'accepted' ? 'accepté / accepted' : 'refusé / rejected';
      var next = data.promoted ? ' — place offerte à / place offered to ' + data.promoted : '';
      Guichet.say('Dossier ' + c.claim_id + ' ' + what + next, true);
      load();
    }).catch(function (error) {
      Guichet.fail(error);
      load();
    });
  }

  function controls(c) {
    var cell = document.createElement('td');
    if (c.review) {
      var decided = c.review.decision === 'accepted' ? 'Accepté / Accepted' : 'Refusé / Rejected';
      cell.appendChild(text('strong', decided));
      cell.appendChild(text('p', c.review.reason));
      cell.appendChild(text('p', c.review.decided_by + ', ' + Guichet.timeText(c.review.decided_at)));
      return cell;
    }
    if (!c.holds_place || (c.offer && !c.offer.confirmed_at)) {
      cell.textContent = '—';
      return cell;
    }
    var reason = document.createElement('input');
    reason.type = 'text';
    reason.maxLength = 1000;
    reason.id = 'reason-' + c.claim_id;
    var label = text('label', 'Motif / Reason (rang / rank ' + c.rank + ')');
    label.htmlFor = reason.id;
    var accept = text('button', 'Accepter / Accept');
    accept.type = 'button';
    accept.className = 'review-accept';
    var reject = text('button', 'Refuser / Reject');
    reject.type = 'button';
    reject.className = 'review-reject';
    [[accept, 'accepted'], [reject, 'rejected']].forEach(function (pair) {
      pair[0].addEventListener('click', function () {
        if (!reason.value.trim()) {
          Guichet.say('Un motif est nécessaire / A reason is needed', false);
          reason.focus();
          return;
        }
        accept.disabled = reject.disabled = true;
        decide(c, pair[1], reason.value.trim());
      });
    });
    [label, reason, accept, text('span', ' '), reject].forEach(function (node) { cell.appendChild(node); });
    return cell;
  }

  function load() {
    Guichet.api('GET', '/api/admin/review').then(function (data) {
      var body = document.getElementById('review-rows');
      while (body.firstChild) body.removeChild(body.firstChild);
      data.claims.forEach(function (c) {
        var row = document.createElement('tr');
        row.id = 'review-' + c.claim_id;
        row.appendChild(text('td', String(c.rank)));
        var who = document.createElement('td');
        who.appendChild(text('span', c.name + ' <' + c.email + '>'));
        who.appendChild(text('p', c.claim_id));
        row.appendChild(who);
        row.appendChild(text('td', state(c)));
        row.appendChild(controls(c));
        body.appendChild(row);
      });
      ['review-days', 'review-days-en'].forEach(function (id) { document.getElementById(id).textContent = String(data.promotion_days); });
      var n = data.counts;
      document.getElementById('review-counts').textContent =
        'Places détenues / Places held: ' + n.holding + ' · acceptés / accepted: ' + n.accepted + ' · refusés / rejected: ' +
        n.rejected + ' · à examiner / undecided: ' + n.undecided + ' · offres en cours / open offers: ' + n.offers_open;
    }).catch(Guichet.fail);
  }

  document.getElementById('review-refresh').addEventListener('click', load);
  load();
})();
