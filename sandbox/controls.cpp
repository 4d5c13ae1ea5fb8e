#include "controls.hpp"

#include "util.hpp"

#include <stdexcept>

namespace agoras::sandbox {

Controls& Controls::fault(const char* name, std::function<void(const std::string& value)> action) {
    faults_.emplace_back(name, std::move(action));
    return *this;
}

Controls& Controls::clock(std::int64_t& offset_s, std::function<std::int64_t()> now_s) {
    return endpoint("POST", "clock", [&offset_s, now_s = std::move(now_s)](const Request& r) {
        const std::string advance = param(r, "advance_seconds");
        offset_s += advance.empty() ? 0 : std::stoll(advance);
        return json_response(200, Json::object().set("now", now_s()));
    });
}

Controls& Controls::state(std::function<Json()> snapshot) {
    return endpoint("GET", "state", [snapshot = std::move(snapshot)](const Request&) { return json_response(200, snapshot()); });
}

Controls& Controls::endpoint(const std::string& method, const std::string& name,
                             std::function<Response(const Request&)> handler) {
    endpoints_[{method, name}] = std::move(handler);
    return *this;
}

Response Controls::handle(const Request& r) const {
    const std::string name = r.path.substr(prefix_.size());
    try {
        if (name == "faults" && r.method == "POST") {
            for (const auto& [fault, action] : faults_) {
                if (r.params.count(fault) > 0) action(r.params.at(fault));
            }
            return json_response(200, Json::object().set("ok", true));
        }
        const auto found = endpoints_.find({r.method, name});
        if (found != endpoints_.end()) return found->second(r);
    } catch (const std::logic_error& e) {  // std::stoll's invalid_argument and out_of_range
        return json_response(400, Json::object().set("error", std::string("bad control value: ") + e.what()));
    }
    return json_response(404, Json::object().set("error", "unknown sandbox control"));
}

}  // namespace agoras::sandbox
