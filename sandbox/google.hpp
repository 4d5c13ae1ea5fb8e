// The sandbox's Google module: the OAuth 2.0 token endpoint for service accounts (/google/token: a JWT
// bearer assertion, RS256-verified against the account's registered public key, with its audience,
// scope and lifetime checked) and the Sheets v4 values endpoints (/google/sheets/v4/...) agoras uses:
// read a worksheet, write a range. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class GoogleModule final : public Module {
public:
    GoogleModule();
    const char* name() const override { return "google"; }
    bool owns(const Request& r) const override {
        return r.path.rfind("/google/", 0) == 0 || r.path.rfind("/_sandbox/google/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    using Grid = std::vector<std::vector<std::string>>;
    Response token(const Request& r);
    Response values(const Request& r);
    Json state(const Request& r) const;

    std::mutex mutex_;
    std::map<std::string, std::string> public_keys_;  // service account e-mail -> PEM
    std::map<std::string, std::string> tokens_;       // access token -> e-mail
    std::map<std::string, Grid> sheets_;              // "<id>/<name>" -> cells
    std::vector<std::string> writes_;                 // every range written, in order
    int token_calls_ = 0;
    std::string token_suffix_;  // faults?token_suffix=...: appended to every access token issued
    Controls controls_{"/_sandbox/google/"};
};

}  // namespace agoras::sandbox
