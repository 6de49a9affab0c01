#include "base/api_error.h"

#include <cstring>

namespace guichet {

namespace {

struct CatalogueEntry {
    const char* code;
    int status;
    const char* fr;
    const char* en;
};

// The only list of error codes. Keep it sorted by status, then code.
const CatalogueEntry kCatalogue[] = {
    {"bad_request", 400, "La requête est mal formée.", "The request is malformed."},
    {"bad_json", 400, "Le corps de la requête n'est pas un objet JSON valide.",
     "The request body is not a valid JSON object."},
    {"no_session", 401, "Vous n'êtes pas connecté ou votre session a expiré. Veuillez vous reconnecter.",
     "You are not logged in or your session has expired. Please log in again."},
    {"bad_credentials", 401, "Adresse courriel ou mot de passe incorrect.",
     "Incorrect email address or password."},
    {"admin_bad_credentials", 401, "Nom, mot de passe ou code à usage unique incorrect.",
     "Incorrect name, password or one-time code."},
    {"bad_totp", 401, "Code à usage unique incorrect.", "Incorrect one-time code."},
    {"forbidden", 403, "Cette action n'est pas permise.", "This action is not allowed."},
    {"cross_site", 403, "Requête refusée : elle ne provient pas de ce site.",
     "Request refused: it does not come from this site."},
    {"not_found", 404, "Ressource introuvable.", "Not found."},
    {"unknown_kind", 404, "Type de document inconnu.", "Unknown document kind."},
    {"no_claim", 404, "Vous n'avez pas encore soumis de demande.", "You have not submitted a claim yet."},
    {"method_not_allowed", 405, "Méthode non permise pour cette adresse.",
     "Method not allowed for this address."},
    {"email_taken", 409, "Un compte existe déjà pour cette adresse courriel.",
     "An account already exists for this email address."},
    {"dossier_locked", 409, "Votre dossier est verrouillé : il a déjà été soumis.",
     "Your dossier is locked: it has already been submitted."},
    {"window_paused", 409,
     "Les soumissions sont suspendues pour le moment. Consultez le bandeau d'état pour la suite.",
     "Submissions are paused for now. See the status banner for what happens next."},
    {"window_closed", 409, "La période de soumission est terminée.", "The submission period is over."},
    {"window_locked", 409, "Ce réglage ne peut plus changer : la période est déjà ouverte.",
     "This setting can no longer change: the window has already opened."},
    {"conflict", 409, "L'état actuel ne permet pas cette action.", "The current state does not allow this action."},
    {"draw_done", 409, "Le tirage au sort a déjà eu lieu ; il n'a lieu qu'une fois.",
     "The draw has already run; it runs only once."},
    {"too_large", 413, "Le contenu envoyé est trop volumineux.", "The content sent is too large."},
    {"quota_exceeded", 413, "Vos documents dépassent l'espace permis pour un dossier.",
     "Your documents exceed the space allowed for one dossier."},
    {"unsupported_media_type", 415, "Type de contenu non accepté.", "Content type not accepted."},
    {"empty_document", 422, "Le fichier envoyé est vide.", "The file sent is empty."},
    {"invalid", 422, "Certaines valeurs sont invalides.", "Some values are invalid."},
    {"not_compliant", 422, "Votre dossier n'est pas complet ou contient des erreurs.",
     "Your dossier is incomplete or contains errors."},
    {"draw_too_early", 425, "La période de tirage n'est pas encore terminée.",
     "The draw period has not ended yet."},
    {"too_early", 425, "La période de soumission n'est pas encore ouverte.",
     "The submission period has not opened yet."},
    {"rate_limited", 429, "Trop de tentatives. Veuillez patienter avant de réessayer.",
     "Too many attempts. Please wait before trying again."},
    {"internal", 500, "Erreur interne. Elle a été consignée.", "Internal error. It has been logged."},
    {"unavailable", 503,
     "Ce service est temporairement indisponible (panne technique). Réessayez dans quelques instants.",
     "This service is temporarily unavailable (technical failure). Try again in a few moments."},
    {"busy", 503, "Le service est saturé. Votre demande n'a pas été traitée : réessayez dans quelques secondes.",
     "The service is saturated. Your request was not processed: try again in a few seconds."},
};

const CatalogueEntry* find_entry(const std::string& code) {
    for (const auto& entry : kCatalogue) {
        if (code == entry.code) return &entry;
    }
    return nullptr;
}

}  // namespace

ApiError::ApiError(std::string code, std::map<std::string, std::string> fields)
    : std::runtime_error(code), code_(std::move(code)), fields_(std::move(fields)) {}

ApiError::ApiError(std::string code, std::string detail, std::map<std::string, std::string> fields)
    : std::runtime_error(code + ": " + detail),
      code_(std::move(code)),
      detail_(std::move(detail)),
      fields_(std::move(fields)) {}

ApiError& ApiError::with_extra(std::string key, std::string value) {
    extra_[std::move(key)] = std::move(value);
    return *this;
}

int ApiError::status() const { return error_status(code_); }

int error_status(const std::string& code) {
    const CatalogueEntry* entry = find_entry(code);
    return entry ? entry->status : 500;
}

std::string error_message(const std::string& code, Lang lang) {
    const CatalogueEntry* entry = find_entry(code);
    if (!entry) return code;
    return lang == Lang::en ? entry->en : entry->fr;
}

bool error_known(const std::string& code) { return find_entry(code) != nullptr; }

}  // namespace guichet
