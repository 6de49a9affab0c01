// The banner editor: templates, preview (rendered by the server exactly as it
// will be served), publish.
'use strict';
(function () {
  var templates = [];
  var form = document.getElementById('banner-form');

  function current() {
    return { level: form.level.value, fr: form.fr.value.trim(), en: form.en.value.trim() };
  }

  function showCurrent() {
    Guichet.api('GET', '/api/admin/banner').then(function (banner) {
      var box = document.getElementById('banner-current');
      box.textContent = banner ? banner.level + ' — ' + banner.fr + ' / ' + banner.en : '—';
    }).catch(Guichet.fail);
  }

  Guichet.api('GET', '/api/admin/banner/templates').then(function (data) {
    templates = data.templates;
    var select = document.getElementById('template');
    templates.forEach(function (t) {
      var option = document.createElement('option');
      option.value = t.id;
      option.textContent = t.id;
      select.appendChild(option);
    });
  }).catch(Guichet.fail);

  document.getElementById('use-template').addEventListener('click', function () {
    var id = document.getElementById('template').value;
    var fill = document.getElementById('fill').value.trim();
    templates.forEach(function (t) {
      if (t.id !== id) return;
      form.level.value = t.level;
      form.fr.value = fill ? t.fr.replace(/\{(next_update|when)\}/g, fill) : t.fr;
      form.en.value = fill ? t.en.replace(/\{(next_update|when)\}/g, fill) : t.en;
    });
  });

  document.getElementById('preview').addEventListener('click', function () {
    Guichet.api('POST', '/api/admin/banner/preview', current()).then(function (data) {
      // The server escapes the text; this is the exact fragment pages will include.
      document.getElementById('banner-preview').innerHTML = data.html;
    }).catch(Guichet.fail);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    Guichet.api('PUT', '/api/admin/banner', current()).then(function () {
      Guichet.say('Bandeau publié / Banner published', true);
      showCurrent();
    }).catch(Guichet.fail);
  });

  showCurrent();
})();
