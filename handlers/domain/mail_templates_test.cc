// The claim's confirmation email names the rank that decides, or, while the
// receipt waits for the draw, the order of arrival (the receipt's rank is null).
#include <doctest/doctest.h>

#include "domain/mail_templates.h"

using namespace guichet;

TEST_CASE("the_confirmation_names_the_rank_or_while_waiting_for_the_draw_the_order_of_arrival") {
    Program program = load_program("db/program.json");
    MailSite site{"https://guichet.example", "noreply@guichet.example"};
    MailRecipient ana{"ana@example.org", "Ana", Lang::en};
    Mail granted = claim_receipt_mail(program, site, ana, R"({"outcome":"granted","rank":3})", std::nullopt);
    CHECK(granted.subject == "Your claim was received: rank 3");
    CHECK(granted.text.find("Rank : 3") != std::string::npos);

    const char* pending = R"({"arrival_rank":3,"outcome":"pending_draw","rank":null})";
    Mail waiting = claim_receipt_mail(program, site, ana, pending, std::nullopt);
    CHECK(waiting.subject == "Your claim was received: order of arrival 3");
    CHECK(waiting.text.find("Order of arrival : 3") != std::string::npos);
    CHECK(waiting.text.find("Rank :") == std::string::npos);
    ana.lang = Lang::fr;
    CHECK(claim_receipt_mail(program, site, ana, pending, std::nullopt).subject ==
          "Accusé de réception de votre demande : ordre d'arrivée 3");
}
