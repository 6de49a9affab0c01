/* Honest notices: a 503 "unavailable" names the function that is down and
   says that nothing was lost; busy says when to try again; anything else
   shows the API's own message (already in the visitor's language). */
(function () {
  'use strict';
  var G = window.Guichet = window.Guichet || {};

  var FUNCTIONS = [
    ['/api/window', { fr: 'le calendrier d\'ouverture', en: 'the opening schedule' }],
    ['/api/accounts/verify', { fr: 'la confirmation des adresses courriel', en: 'email address confirmation' }],
    ['/api/accounts', { fr: 'la création de compte', en: 'account creation' }],
    ['/api/session', { fr: 'la connexion', en: 'logging in' }],
    ['/api/password-reset', { fr: 'le changement de mot de passe', en: 'password reset' }],
    ['/api/me/email', { fr: 'le changement d\'adresse courriel', en: 'changing your email address' }],
    ['/api/me', { fr: 'la connexion', en: 'logging in' }],
    ['/api/dossier', { fr: 'le dossier', en: 'the dossier' }],
    ['/api/documents/', { fr: 'l\'envoi des documents', en: 'document upload' }],
    ['/api/claim', { fr: 'la demande de place', en: 'claiming a place' }],
    ['/program.json', { fr: 'la définition du programme', en: 'the program definition' }]
  ];
  G.functionName = function (path) {
    for (var i = 0; i < FUNCTIONS.length; i++) {
      if (path.indexOf(FUNCTIONS[i][0]) === 0) return G.t(FUNCTIONS[i][1]);
    }
    return G.t('ce service', 'this service');
  };

  /* The honest notice: which function is down, that nothing was lost, and
     what still works. Rendered into `box` (a live region on each page). */
  G.unavailableNotice = function (result) {
    var name = G.functionName(result.path || '');
    var lines = [
      G.el('h2', { text: G.t('Fonction momentanément indisponible', 'Function temporarily unavailable') }),
      G.el('p', { text: result.status === 0
        ? G.t('Impossible de joindre le serveur pour ' + name + '. Vérifiez votre connexion Internet, puis réessayez.',
              'The server could not be reached for ' + name + '. Check your Internet connection, then try again.')
        : G.t('Une panne technique empêche ' + name + ' de fonctionner en ce moment. Votre demande n\'a pas été traitée ; rien n\'a été perdu.',
              'A technical failure stops ' + name + ' from working right now. Your request was not processed; nothing was lost.') }),
      G.el('p', { text: G.t('Les autres parties du site fonctionnent : les informations, la FAQ et la vérification d\'un reçu restent accessibles. Réessayez dans quelques instants.',
                            'The other parts of the site still work: the information pages, the FAQ and receipt verification remain available. Try again in a few moments.') })
    ];
    return G.el('div', { class: 'notice notice-bad', 'data-unavailable': result.path || '' }, lines);
  };

  /* Shows a failed API result in `box`: honest notice, busy, or the API's message. */
  G.showFailure = function (box, result) {
    G.clear(box);
    if (G.isUnavailable(result)) {
      box.appendChild(G.unavailableNotice(result));
    } else if (G.isBusy(result)) {
      box.appendChild(G.el('div', { class: 'notice notice-warn' }, [
        G.el('p', { text: G.t('Le site est très sollicité en ce moment ; votre demande n\'a pas été traitée. Réessayez dans ',
                              'The site is very busy right now; your request was not processed. Try again in ') +
          (result.retryAfter || 5) + G.t(' secondes.', ' seconds.') })
      ]));
    } else {
      box.appendChild(G.el('div', { class: 'notice notice-bad' }, [
        G.el('p', { text: G.errorText(result, G.lang()) })
      ]));
    }
  };

  /* Not logged in: tells so, with a link to the login page that comes back here. */
  G.loginNotice = function () {
    var back = location.pathname + location.search;
    return G.el('div', { class: 'notice notice-warn' }, [
      G.el('p', { text: G.t('Vous devez être connecté pour voir cette page.', 'You must be logged in to see this page.') }),
      G.el('p', null, [
        G.el('a', { class: 'button', href: '/login.html?next=' + encodeURIComponent(back), text: G.t('Se connecter', 'Log in') }),
        G.el('a', { class: 'button secondary', href: '/account.html', text: G.t('Créer un compte', 'Create an account') })
      ])
    ]);
  };
})();
