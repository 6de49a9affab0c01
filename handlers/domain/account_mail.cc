#include "domain/account_mail.h"

#include <stdexcept>
#include <vector>

#include "domain/banner.h"
#include "domain/program_time.h"

namespace guichet {

namespace {

// One message in one language: its subject, what comes before the link,
// the link's label, and what comes after. {name}, {program}, {email},
// {minutes} and {hours} are filled in.
struct Words {
    const char* subject;
    std::vector<const char*> before;
    const char* link_label;  // nullptr: no link
    std::vector<const char*> after;
};

struct Kind {
    const char* name;
    Words fr;
    Words en;
};

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> table = {
        {"verify_email",
         {"Confirmez votre adresse courriel",
          {"Vous avez créé un compte sur le portail {program} avec cette adresse."},
          "Pour confirmer qu'elle est bien la vôtre, ouvrez ce lien (valable {hours} heures) :",
          {"Vous ne pourrez vous connecter qu'après l'avoir ouvert.",
           "Si vous n'avez pas créé ce compte, ignorez ce message : sans confirmation, le compte reste inutilisable."}},
         {"Confirm your email address",
          {"You created an account on the {program} portal with this address."},
          "To confirm that it is yours, open this link (valid for {hours} hours):",
          {"You can log in only once you have opened it.",
           "If you did not create this account, ignore this message: without confirmation the account cannot be used."}}},
        {"account_exists",
         {"Vous avez déjà un compte",
          {"Quelqu'un, peut-être vous, a voulu créer un compte sur le portail {program} avec cette adresse.",
           "Un compte existe déjà pour cette adresse : aucun second compte n'a été créé, et votre compte n'a pas changé."},
          "Si vous avez oublié votre mot de passe, choisissez-en un nouveau avec ce lien (valable {minutes} minutes) :",
          {"Si ce n'était pas vous, ignorez ce message."}},
         {"You already have an account",
          {"Someone, perhaps you, tried to create an account on the {program} portal with this address.",
           "An account already exists for this address: no second account was created, and yours has not changed."},
          "If you forgot your password, choose a new one with this link (valid for {minutes} minutes):",
          {"If it was not you, ignore this message."}}},
        {"password_reset",
         {"Choisir un nouveau mot de passe",
          {"Une demande de nouveau mot de passe a été faite pour votre compte sur le portail {program}."},
          "Pour choisir un nouveau mot de passe, ouvrez ce lien (valable {minutes} minutes, une seule fois) :",
          {"Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même."}},
         {"Choose a new password",
          {"A new password was asked for your account on the {program} portal."},
          "To choose a new password, open this link (valid for {minutes} minutes, once):",
          {"If you did not ask for it, ignore this message: your password stays the same."}}},
        {"password_changed",
         {"Votre mot de passe a été changé",
          {"Le mot de passe de votre compte sur le portail {program} vient d'être changé avec un lien envoyé à "
           "cette adresse. Toutes les sessions ouvertes ont été fermées."},
          nullptr,
          {"Si ce n'était pas vous, demandez tout de suite un nouveau mot de passe depuis la page de connexion, "
           "puis écrivez au service du programme."}},
         {"Your password was changed",
          {"The password of your account on the {program} portal was just changed with a link sent to this "
           "address. Every open session was closed."},
          nullptr,
          {"If it was not you, ask for a new password from the login page at once, then write to the program's "
           "office."}}},
        {"change_email",
         {"Confirmez votre nouvelle adresse courriel",
          {"Vous avez demandé que votre compte sur le portail {program} utilise désormais cette adresse."},
          "Pour confirmer, ouvrez ce lien (valable {hours} heures) :",
          {"D'ici là, votre adresse actuelle reste celle du compte. Si vous n'avez rien demandé, ignorez ce message."}},
         {"Confirm your new email address",
          {"You asked for your account on the {program} portal to use this address from now on."},
          "To confirm, open this link (valid for {hours} hours):",
          {"Until then your current address stays the account's. If you did not ask for this, ignore this message."}}},
        {"email_changed",
         {"L'adresse de votre compte a changé",
          {"L'adresse courriel de votre compte sur le portail {program} est désormais {email}. Les messages ne "
           "seront plus envoyés ici."},
          nullptr,
          {"Si ce n'était pas vous, écrivez tout de suite au service du programme."}},
         {"Your account's address changed",
          {"The email address of your account on the {program} portal is now {email}. Messages will no longer be "
           "sent here."},
          nullptr,
          {"If it was not you, write to the program's office at once."}}},
        {"email_taken",
         {"Demande de changement d'adresse refusée",
          {"Quelqu'un a demandé qu'un autre compte du portail {program} utilise cette adresse. Elle est déjà celle "
           "de votre compte : rien n'a changé."},
          nullptr,
          {"Si c'était vous, vous avez deux comptes : une seule place est accordée par personne."}},
         {"Request to change an address refused",
          {"Someone asked for another account of the {program} portal to use this address. It is already your "
           "account's: nothing changed."},
          nullptr,
          {"If it was you, you have two accounts: only one place is granted per person."}}},
    };
    return table;
}

std::string fill(const std::string& text, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out = text;
    for (const auto& [key, value] : values) {
        for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) {
            out.replace(at, key.size(), value);
        }
    }
    return out;
}

std::string paragraph_html(const std::string& text) {
    std::string escaped = html_escape(text), out;
    for (char c : escaped) out += c == '\n' ? std::string("<br>\n") : std::string(1, c);
    return "<p>" + out + "</p>\n";
}

}  // namespace

Mail notice_mail(const Program& program, const MailSite& site, const MailRecipient& to, const std::string& subject,
                 const std::vector<std::string>& before, const std::string& link_label, const std::string& link,
                 const std::vector<std::string>& after) {
    const std::string& program_name = program.name.in(to.lang);
    Mail mail = mail_to(program, site, to);
    mail.subject = subject + " - " + program_name;
    std::string hello = greeting(to), no_reply = no_reply_line(to.lang);
    mail.text = hello + "\n\n";
    std::string body = "<h1>" + html_escape(subject) + "</h1>\n<p>" + html_escape(hello) + "</p>\n";
    for (const std::string& paragraph : before) {
        mail.text += paragraph + "\n\n";
        body += paragraph_html(paragraph);
    }
    if (!link.empty()) {
        mail.text += link_label + "\n" + link + "\n\n";
        body += "<p>" + html_escape(link_label) + "<br>\n<a href=\"" + html_escape(link) + "\">" + html_escape(link) +
                "</a></p>\n";
    }
    for (const std::string& paragraph : after) {
        mail.text += paragraph + "\n\n";
        body += paragraph_html(paragraph);
    }
    mail.text += "-- \n" + program_name + "\n" + no_reply + "\n";
    body += "<p>" + html_escape(program_name) + "<br>" + html_escape(no_reply) + "</p>\n";
    mail.html = html_document(to.lang, mail.subject, body);
    return mail;
}


Mail account_mail(const std::string& kind, const Program& program, const MailSite& site, const MailRecipient& to,
                  const AccountMailFacts& facts) {
    for (const Kind& entry : kinds()) {
        if (kind != entry.name) continue;
        const Words& words = to.lang == Lang::fr ? entry.fr : entry.en;
        std::vector<std::pair<std::string, std::string>> values = {
            {"{program}", program.name.in(to.lang)},
            {"{email}", facts.new_email},
            {"{minutes}", std::to_string(facts.link_minutes)},
            {"{hours}", std::to_string(facts.link_minutes / 60)},
        };
        std::vector<std::string> before, after;
        for (const char* text : words.before) before.push_back(fill(text, values));
        for (const char* text : words.after) after.push_back(fill(text, values));
        std::string label = words.link_label ? fill(words.link_label, values) : "";
        return notice_mail(program, site, to, words.subject, before, label, words.link_label ? facts.link : "", after);
    }
    throw std::invalid_argument("account_mail: unknown kind " + kind);
}

Mail window_notice_mail(const Program& program, const MailSite& site, const MailRecipient& to,
                        const WindowNoticeFacts& facts) {
    bool fr = to.lang == Lang::fr;
    std::string places = std::to_string(facts.places_total);
    // In the program's zone, named, with UTC beside it (domain/program_time.h).
    std::string opens = program_time_and_utc(facts.opens_at, program, to.lang);
    std::string closes = program_time_and_utc(facts.closes_at, program, to.lang);
    std::vector<std::string> before = {
        fr ? "Le calendrier de dépôt des demandes a été fixé ou modifié. Le voici tel qu'il est maintenant :"
           : "The schedule for submitting claims was set or changed. This is how it stands now:",
        (fr ? "Ouverture : " : "Opens: ") + opens + "\n" + (fr ? "Fermeture : " : "Closes: ") + closes + "\n" +
            (fr ? "Places : " : "Places: ") + places,
        facts.policy == "lottery"
            ? (fr ? "Les places seront attribuées par un tirage au sort public et vérifiable parmi les dossiers "
                    "conformes reçus pendant la période."
                  : "Places will be given by a public, verifiable draw among the compliant dossiers received during "
                    "the period.")
            : (fr ? "Les places seront attribuées aux dossiers conformes dans l'ordre d'arrivée."
                  : "Places will be given to compliant dossiers in order of arrival."),
        fr ? "Préparez votre dossier dès maintenant : à l'ouverture, il ne restera qu'à le soumettre."
           : "Prepare your dossier now: at the opening, all that is left is to submit it.",
    };
    std::string label = fr ? "Le calendrier et l'état du portail, à jour :" : "The schedule and the portal's status, up to date:";
    return notice_mail(program, site, to, fr ? "Calendrier de dépôt des demandes" : "Schedule for submitting claims", before,
                 label, site.origin + "/", {});
}

}  // namespace guichet
