// The audit view: the latest 50 actions, newest first.
'use strict';
(function () {
  function load() {
    Guichet.api('GET', '/api/admin/audit?limit=50').then(function (data) {
      var body = document.getElementById('audit-rows');
      while (body.firstChild) body.removeChild(body.firstChild);
      data.entries.forEach(function (e) {
        var row = document.createElement('tr');
        [Guichet.timeText(e.at), e.who, e.action, e.from].forEach(function (text) {
          var cell = document.createElement('td');
          cell.textContent = text;
          row.appendChild(cell);
        });
        var change = document.createElement('td');
        var pre = document.createElement('pre');
        pre.textContent = JSON.stringify(e.before) + '\n→ ' + JSON.stringify(e.after);
        change.appendChild(pre);
        row.appendChild(change);
        body.appendChild(row);
      });
    }).catch(Guichet.fail);
  }
  document.getElementById('audit-refresh').addEventListener('click', load);
  Guichet.zoneReady.then(load);
})();
