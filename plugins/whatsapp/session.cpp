// Whose number a WhatsApp action sends from, and `authorize`, which checks a System User token against
// the phone number id and stores both (WhatsApp has no OAuth dance for this: the token comes from
// Business Manager).
#include "whatsapp.hpp"

namespace agoras::whatsapp {
namespace {

bool graph_id(const std::string& s) { return !s.empty() && s.size() <= 32 && s.find_first_not_of("0123456789") == std::string::npos; }

}  // namespace

Account account_of(const sdk::Invocation& call) {
    Account a{call.get_or("access-token", ""), call.get_or("phone-number-id", ""), call.get_or("business-account-id", "")};
    if (!a.token.empty() && !a.phone_number_id.empty()) {
        if (!graph_id(a.phone_number_id)) refuse("--phone-number-id must be the number's Graph id (digits), not '" + a.phone_number_id + "'");
        return a;
    }
    const sdk::Host& host = call.host();
    const std::string identifier = host.vault_default();
    if (const auto stored = identifier.empty() ? std::nullopt : host.vault_get(identifier)) {
        const Json record = Json::parse(*stored);
        return {a.token.empty() ? record["access_token"].text() : a.token, record["phone_number_id"].text(),
                record["business_account_id"].text()};
    }
    if (call.flag("dry-run")) return {"ACCESS_TOKEN", "PHONE_NUMBER_ID", ""};
    throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras whatsapp authorize --access-token T --phone-number-id ID', or set "
                                      "WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID");
}

std::vector<std::string> recipients_of(const std::string& given) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= given.size()) {
        const auto comma = std::min(given.find(',', start), given.size());
        std::string number = given.substr(start, comma - start);
        number.erase(0, number.find_first_not_of(" \t"));
        number.erase(number.find_last_not_of(" \t") + 1);
        if (!number.empty() && number.front() == '+') number.erase(0, 1);
        if (number.size() < 8 || number.size() > 15 || number.find_first_not_of("0123456789") != std::string::npos || number.front() == '0') {
            refuse("recipient '" + given.substr(start, comma - start) + "' is not an E.164 number (country code and number, digits, "
                   "optionally with a leading +)");
        }
        if (std::find(out.begin(), out.end(), number) == out.end()) out.push_back(number);
        start = comma + 1;
    }
    if (out.empty()) refuse("no recipient: give --recipient (or WHATSAPP_RECIPIENT)");
    return out;
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string token = call.require("access-token"), number = call.require("phone-number-id");
    const std::string business = call.get_or("business-account-id", "");
    if (!graph_id(number)) refuse("--phone-number-id must be the number's Graph id (digits), not '" + number + "'");
    if (!business.empty() && !graph_id(business)) refuse("--business-account-id must be digits, not '" + business + "'");
    WhatsAppApi api(host, token, call.flag("dry-run"));
    const Json phone = api.get(number, "display_phone_number,verified_name,quality_rating", "checking the phone number");
    if (api.dry_run()) return;
    Json record = Json::object().set("access_token", token).set("phone_number_id", number)
                      .set("display_phone_number", phone["display_phone_number"].text()).set("verified_name", phone["verified_name"].text());
    if (!business.empty()) record.set("business_account_id", business);
    host.vault_put(number, record.serialize());
    host.vault_set_default(number);
    host.emit(Json::object().set("id", number).set("display_phone_number", phone["display_phone_number"].text())
                  .set("verified_name", phone["verified_name"].text()).set("authorized", true));
}

}  // namespace agoras::whatsapp
