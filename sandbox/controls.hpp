// The controls every sandbox module offers tests under its prefix (/_sandbox/<module>/; Threads, the
// root module: /_sandbox/): POST faults (switches to misbehave), POST clock (advance_seconds), GET state
// (what the module holds), declared once per module instead of parsed by hand in each.
#pragma once

#include "module.hpp"

#include <agoras/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sandbox {

class Controls {
public:
    explicit Controls(std::string prefix) : prefix_(std::move(prefix)) {}

    // faults?NAME=N sets `target`.
    template <typename Number>
    Controls& number(const char* name, Number& target) {
        return fault(name, [&target](const std::string& value) { target = static_cast<Number>(std::stoll(value)); });
    }
    Controls& text(const char* name, std::string& target) {
        return fault(name, [&target](const std::string& value) { target = value; });
    }
    Controls& flag(const char* name, bool& target) {
        return fault(name, [&target](const std::string& value) { target = value == "true"; });
    }
    // faults?NAME=VALUE runs `action` with the value (expire every token, say).
    Controls& fault(const char* name, std::function<void(const std::string& value)> action);
    // POST clock?advance_seconds=N moves the module's clock; answers {"now": now_s()}.
    Controls& clock(std::int64_t& offset_s, std::function<std::int64_t()> now_s);
    // GET state answers the snapshot.
    Controls& state(std::function<Json()> snapshot);
    // Another control: METHOD <prefix>NAME.
    Controls& endpoint(const std::string& method, const std::string& name, std::function<Response(const Request&)> handler);

    bool owns(const Request& request) const { return request.path.rfind(prefix_, 0) == 0; }
    // 404 for an unknown control, 400 for a fault value that does not parse.
    Response handle(const Request& request) const;

private:
    std::string prefix_;
    std::vector<std::pair<std::string, std::function<void(const std::string&)>>> faults_;
    std::map<std::pair<std::string, std::string>, std::function<Response(const Request&)>> endpoints_;
};

}  // namespace agoras::sandbox
