/* Language: French by default; the switch sets the `lang` cookie (1 year)
   and the page's lang, which CSS uses to show one copy of the text. */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  G.lang = function () { return document.documentElement.lang === 'en' ? 'en' : 'fr'; };
  /* t({fr, en}) or t('fr text', 'en text'): the text in the page's language. */
  G.t = function (fr, en) {
    if (fr && typeof fr === 'object') return fr[G.lang()] || fr.fr || fr.en || '';
    return G.lang() === 'en' ? en : fr;
  };

  function cookieLang() {
    var m = /(?:^|;\s*)lang=(fr|en)(?:;|$)/.exec(document.cookie);
    return m ? m[1] : null;
  }

  G.setLang = function (lang) {
    if (lang !== 'fr' && lang !== 'en') return;
    document.cookie = 'lang=' + lang + '; Path=/; Max-Age=31536000; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
    if (document.documentElement.lang === lang) return;
    document.documentElement.lang = lang;
    var title = document.body.getAttribute('data-title-' + lang);
    if (title) document.title = title;
    document.dispatchEvent(new CustomEvent('guichet:lang', { detail: lang }));
  };
  G.onLang = function (fn) { document.addEventListener('guichet:lang', fn); };

  function wireLanguageSwitch() {
    var buttons = document.querySelectorAll('.lang-switch');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function (event) {
        event.preventDefault();
        var to = this.getAttribute('data-to');
        G.setLang(to);
        var other = document.querySelector('.lang-switch[data-to="' + (to === 'en' ? 'fr' : 'en') + '"]');
        if (other) other.focus();
      });
    }
  }

  G.ready(function () {
    /* A page served before the cookie existed (or from Accept-Language) keeps
       the cookie's choice when there is one. */
    var chosen = cookieLang();
    if (chosen && chosen !== G.lang()) G.setLang(chosen);
    wireLanguageSwitch();
  });
})();
