#include "domain/banner_templates.h"

#include <string>

#include "base/clock.h"
#include "base/json.h"

namespace guichet {

namespace {

const char kPausedFr[] =
    "Les soumissions sont suspendues à la suite d'un problème technique. Aucune demande déjà reçue n'est perdue : "
    "chacune garde son rang. Prochaine mise à jour ici même.";
const char kPausedEn[] =
    "Submissions are paused because of a technical problem. No claim already received is lost: each keeps its "
    "rank. The next update will appear here.";
const char kResumedFr[] =
    "Les soumissions ont repris. Les demandes reçues avant la pause ont gardé leur rang.";
const char kResumedEn[] = "Submissions have resumed. Claims received before the pause have kept their rank.";

const char* const kPlaceholders[] = {"{next_update}", "{when}"};

}  // namespace

const std::vector<BannerTemplate>& banner_templates() {
    static const std::vector<BannerTemplate> templates = {
        {"technical_failure", "outage",
         "Un problème technique perturbe le site. Les demandes déjà reçues sont conservées et gardent leur rang. "
         "Prochaine mise à jour : {next_update}.",
         "A technical problem is affecting the site. Claims already received are kept and keep their rank. "
         "Next update: {next_update}."},
        {"planned_maintenance", "info",
         "Une maintenance est prévue {when}. Le site pourrait être indisponible pendant cette période ; aucune "
         "donnée ne sera perdue.",
         "Maintenance is planned {when}. The site may be unavailable during that time; no data will be lost."},
        {"window_paused", "outage",
         "Les soumissions sont suspendues à la suite d'un problème technique. Aucune demande déjà reçue n'est "
         "perdue : chacune garde son rang. Prochaine mise à jour : {next_update}.",
         "Submissions are paused because of a technical problem. No claim already received is lost: each keeps "
         "its rank. Next update: {next_update}."},
        {"all_places_taken", "info",
         "Toutes les places ont été attribuées. Les demandes reçues depuis sont inscrites sur la liste d'attente, "
         "dans leur ordre d'arrivée.",
         "All places have been granted. Claims received since then are on the waiting list, in order of arrival."},
        {"resumed", "info", kResumedFr, kResumedEn},
    };
    return templates;
}

bool has_placeholder(std::string_view text) {
    for (const char* placeholder : kPlaceholders) {
        if (text.find(placeholder) != std::string_view::npos) return true;
    }
    return false;
}

Json banner_templates_json() {
    Json out(json_object());
    json_t* list = json_array();
    json_object_set_new(out.get(), "templates", list);
    for (const BannerTemplate& t : banner_templates()) {
        json_t* item = json_object();
        json_object_set_new(item, "id", json_str(t.id));
        json_object_set_new(item, "level", json_str(t.level));
        json_object_set_new(item, "fr", json_str(t.fr));
        json_object_set_new(item, "en", json_str(t.en));
        json_t* placeholders = json_array();
        for (const char* placeholder : kPlaceholders) {
            if (std::string(t.fr).find(placeholder) != std::string::npos) {
                std::string name(placeholder + 1);
                name.pop_back();
                json_array_append_new(placeholders, json_str(name));
            }
        }
        json_object_set_new(item, "placeholders", placeholders);
        json_array_append_new(list, item);
    }
    return out;
}

Banner paused_banner(int64_t now) { return Banner{"outage", kPausedFr, kPausedEn, now}; }
Banner resumed_banner(int64_t now) { return Banner{"info", kResumedFr, kResumedEn, now}; }

Json banner_value(const Banner& banner) {
    Json result(json_object());
    json_t* out = result.get();
    json_object_set_new(out, "level", json_str(banner.level));
    json_object_set_new(out, "fr", json_str(banner.fr));
    json_object_set_new(out, "en", json_str(banner.en));
    json_object_set_new(out, "updated_at", json_str(format_time(banner.updated_at)));
    return result;
}

}  // namespace guichet
