// The duplicates view: claims refused as another account's passport, loaded
// on demand (each load names people, so the server audits it).
'use strict';
(function () {
  function cell(row, text) {
    var node = document.createElement('td');
    node.textContent = text;
    row.appendChild(node);
  }

  function load() {
    Guichet.api('GET', '/api/admin/duplicates').then(function (data) {
      var body = document.getElementById('duplicates-rows');
      while (body.firstChild) body.removeChild(body.firstChild);
      data.duplicates.forEach(function (d) {
        var row = document.createElement('tr');
        cell(row, Guichet.timeText(d.attempted_at));
        cell(row, d.attempts + (d.attempts > 1 ? ' (→ ' + Guichet.timeText(d.last_at) + ')' : ''));
        cell(row, d.name + ' <' + d.email + '>');
        cell(row, '#' + d.claim_arrival_rank + ' ' + d.claim_outcome + ', ' + d.claim_name + ' <' + d.claim_email +
                  '>, ' + Guichet.timeText(d.claim_received_at));
        cell(row, d.identity.slice(0, 16) + '…');
        body.appendChild(row);
      });
      document.getElementById('duplicates-count').textContent =
        data.count + ' compte(s) refusé(s) / account(s) refused';
    }).catch(Guichet.fail);
  }
  document.getElementById('duplicates-load').addEventListener('click', load);
})();
