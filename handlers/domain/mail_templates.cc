#include "domain/mail_templates.h"

#include "base/json.h"
#include "domain/banner.h"

namespace guichet {

namespace {

std::string field(const json_t* object, const char* key) {
    const json_t* value = json_object_get(object, key);
    if (json_is_string(value)) return json_string_value(value);
    if (json_is_integer(value)) return std::to_string(json_integer_value(value));
    return "";
}

std::string outcome_words(const std::string& outcome, Lang lang) {
    bool fr = lang == Lang::fr;
    if (outcome == "granted") return fr ? "place accordée" : "place granted";
    if (outcome == "waitlisted") return fr ? "liste d'attente" : "waiting list";
    if (outcome == "pending_draw") return fr ? "en attente du tirage au sort" : "waiting for the draw";
    return outcome;
}

}  // namespace

std::string html_document(Lang lang, const std::string& title, const std::string& body) {
    return std::string("<!DOCTYPE html>\n<html lang=\"") + (lang == Lang::en ? "en" : "fr") +
           "\">\n<head><meta charset=\"utf-8\"><title>" + html_escape(title) + "</title></head>\n<body>\n" + body +
           "</body>\n</html>\n";
}

Mail mail_to(const Program& program, const MailSite& site, const MailRecipient& to) {
    Mail mail;
    mail.from_name = program.name.in(to.lang);
    mail.from_address = site.from_address;
    mail.to = to.email;
    mail.lang = to.lang == Lang::fr ? "fr" : "en";
    return mail;
}

std::string greeting(const MailRecipient& to) { return (to.lang == Lang::fr ? "Bonjour " : "Hello ") + to.name + ","; }

std::string no_reply_line(Lang lang) {
    return lang == Lang::fr ? "Ce message est envoyé automatiquement ; n'y répondez pas."
                            : "This message is sent automatically; do not reply to it.";
}

Mail claim_receipt_mail(const Program& program, const MailSite& site, const MailRecipient& to,
                        const std::string& receipt, const std::optional<std::string>& signature) {
    bool fr = to.lang == Lang::fr;
    Json facts = json_parse_object(receipt);
    std::string rank = field(facts.get(), "rank"), outcome = outcome_words(field(facts.get(), "outcome"), to.lang);
    std::string rank_label = fr ? "Rang" : "Rank", rank_words = fr ? "rang " : "rank ";
    if (rank.empty()) {  // waiting for the draw: no rank yet, only the order of arrival
        rank = field(facts.get(), "arrival_rank");
        rank_label = fr ? "Ordre d'arrivée" : "Order of arrival";
        rank_words = fr ? "ordre d'arrivée " : "order of arrival ";
    }
    std::string received = field(facts.get(), "received_at"), claim_id = field(facts.get(), "claim_id");
    std::string places = field(facts.get(), "places_total");
    const std::string& program_name = program.name.in(to.lang);
    Mail mail = mail_to(program, site, to);
    mail.subject = (fr ? "Accusé de réception de votre demande : " : "Your claim was received: ") + rank_words + rank;
    std::string verify = site.origin + "/verify.html";
    std::string receipt_page = site.origin + "/receipt.html";
    std::string attached = signature ? (fr ? "Votre accusé de réception signé est joint (receipt.json)."
                                           : "Your signed receipt is attached (receipt.json).")
                                     : (fr ? "Votre accusé de réception signé se télécharge ici : " + receipt_page
                                           : "Download your signed receipt here: " + receipt_page);
    std::string hello = greeting(to);
    std::string lead = fr ? "Votre demande a été reçue. Voici exactement où elle se trouve :"
                          : "Your claim was received. This is exactly where it stands:";
    std::string outcome_label = fr ? "Résultat" : "Outcome";
    std::string received_label = fr ? "Reçue le (UTC)" : "Received at (UTC)", places_label = fr ? "Places" : "Places";
    std::string id_label = fr ? "Numéro de la demande" : "Claim number";
    std::string check = fr ? "Chacun peut vérifier la signature de l'accusé de réception : " + verify
                           : "Anyone can check the receipt's signature: " + verify;
    std::string exact = fr ? "Le texte exact qui a été signé :" : "The exact text that was signed:";
    std::string no_reply = no_reply_line(to.lang);
    mail.text = hello + "\n\n" + lead + "\n\n" + "  " + rank_label + " : " + rank + "\n  " + outcome_label + " : " +
                outcome + "\n  " + received_label + " : " + received + "\n  " + places_label + " : " + places +
                "\n  " + id_label + " : " + claim_id + "\n\n" + attached + "\n" + check + "\n\n" + exact + "\n" +
                receipt + "\n\n-- \n" + program_name + "\n" + no_reply + "\n";
    std::string title = mail.subject;
    std::string body = "<h1>" + html_escape(title) + "</h1>\n<p>" + html_escape(hello) + "</p>\n<p>" +
                       html_escape(lead) + "</p>\n<dl>\n";
    for (const auto& [label, value] : {std::pair<std::string, std::string>{rank_label, rank},
                                       {outcome_label, outcome},
                                       {received_label, received},
                                       {places_label, places},
                                       {id_label, claim_id}}) {
        body += "<dt>" + html_escape(label) + "</dt><dd>" + html_escape(value) + "</dd>\n";
    }
    body += "</dl>\n<p>" + html_escape(attached) + "</p>\n<p>" + html_escape(check) + "</p>\n<h2>" +
            html_escape(exact) + "</h2>\n<pre>" + html_escape(receipt) + "</pre>\n<p>" + html_escape(program_name) +
            "<br>" + html_escape(no_reply) + "</p>\n";
    mail.html = html_document(to.lang, title, body);
    if (signature) {
        Json answer(json_object());
        json_object_set_new(answer.get(), "receipt", json_str(receipt));
        json_object_set_new(answer.get(), "signature", json_str(*signature));
        mail.attachments.push_back({"receipt.json", "application/json", json_dump(answer.get()) + "\n"});
    }
    return mail;
}

}  // namespace guichet
