#include "domain/review_mail.h"

#include <stdexcept>
#include <vector>

#include "domain/account_mail.h"
#include "domain/banner.h"
#include "domain/program_time.h"

namespace guichet {

namespace {

struct Words {
    std::string subject;
    std::vector<std::string> before;
    std::string link_label;  // "": no link
    std::vector<std::string> after;
};

// The deadline in the program's zone, with UTC beside it (domain/program_time.h).
Words words_for(const std::string& kind, bool fr, const std::string& program, const ReviewMailFacts& facts,
                const std::string& deadline) {
    if (kind == "promotion") {
        if (fr) {
            return {"Une place vous est offerte",
                    {"Une place du programme " + program + " s'est libérée et elle vous revient : vous étiez le "
                     "premier dossier de la liste d'attente.",
                     "Pour la garder, confirmez-la avant le " + deadline + ". Passé ce délai, elle ira à la "
                     "personne suivante et ne pourra plus vous être offerte."},
                    "Confirmez votre place sur la page de votre accusé de réception :",
                    {"Votre nouvel accusé de réception signé (résultat : place accordée) y est aussi, avec "
                     "l'historique de vos accusés précédents."}};
        }
        return {"A place is offered to you",
                {"A place in the " + program + " program was freed and it is yours: your dossier was first on "
                 "the waiting list.",
                 "To keep it, confirm it before " + deadline + ". After that it goes to the next person and "
                 "cannot be offered to you again."},
                "Confirm your place on your receipt page:",
                {"Your new signed receipt (outcome: place granted) is there too, with the history of your "
                 "earlier receipts."}};
    }
    if (kind == "review_rejected") {
        if (fr) {
            return {"Décision sur votre dossier",
                    {"Votre dossier a été examiné et il n'a pas été retenu. La place qu'il détenait a été offerte "
                     "à la personne suivante de la liste d'attente.",
                     "Motif donné par l'examinateur :\n" + facts.reason},
                    "Votre accusé de réception et cette décision :",
                    {"Pour toute question, écrivez au service du programme."}};
        }
        return {"Decision on your dossier",
                {"Your dossier was reviewed and it was not accepted. The place it held was offered to the next "
                 "person on the waiting list.",
                 "The reviewer's reason:\n" + facts.reason},
                "Your receipt and this decision:",
                {"For any question, write to the program's office."}};
    }
    if (kind == "offer_expired") {
        if (fr) {
            return {"Le délai pour confirmer votre place est passé",
                    {"La place qui vous était offerte n'a pas été confirmée avant la date limite. Elle est allée à "
                     "la personne suivante de la liste d'attente, et votre dossier reste sur la liste d'attente.",
                     "Votre nouvel accusé de réception (résultat : liste d'attente) nomme le précédent."},
                    "Votre accusé de réception et son historique :",
                    {}};
        }
        return {"The deadline to confirm your place has passed",
                {"The place offered to you was not confirmed before the deadline. It went to the next person on "
                 "the waiting list, and your dossier stays on the waiting list.",
                 "Your new receipt (outcome: waiting list) names the earlier one."},
                "Your receipt and its history:",
                {}};
    }
    throw std::invalid_argument("review_mail: unknown kind " + kind);
}

}  // namespace

Mail review_mail(const std::string& kind, const Program& program, const MailSite& site, const MailRecipient& to,
                 const ReviewMailFacts& facts) {
    bool fr = to.lang == Lang::fr;
    const std::string& program_name = program.name.in(to.lang);
    Words words = words_for(kind, fr, program_name, facts,
                            program_time_and_utc(facts.confirm_by, program, fr ? Lang::fr : Lang::en));
    return notice_mail(program, site, to, words.subject, words.before, words.link_label, site.origin + "/receipt.html",
                       words.after);
}

}  // namespace guichet
