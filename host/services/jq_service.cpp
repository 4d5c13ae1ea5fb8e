// JqApi over libjq (jq 1.6): one compiled filter for the process.
#include "services/jq_api.hpp"

extern "C" {
#include <jq.h>
}

namespace agoras::host::services {
namespace {

void collect_error(void* data, jv error) {
    auto* message = static_cast<std::string*>(data);
    if (jv_get_kind(error) == JV_KIND_STRING) {
        *message += (message->empty() ? "" : "; ") + std::string(jv_string_value(error));
    }
    jv_free(error);
}

class JqService final : public JqApi {
public:
    ~JqService() override {
        if (jq_ != nullptr) jq_teardown(&jq_);
    }

    Outcome compile(const std::string& expression) override {
        if (jq_ == nullptr) jq_ = jq_init();
        if (jq_ == nullptr) return {AGORAS_ERR_GENERIC, "jq could not start"};
        errors_.clear();
        jq_set_error_cb(jq_, &collect_error, &errors_);
        if (jq_compile(jq_, expression.c_str()) == 0) {
            return {AGORAS_ERR_USAGE, "--jq '" + expression + "' does not compile: " + (errors_.empty() ? "syntax error" : errors_)};
        }
        return {};
    }

    Outcome apply(const std::string& json, std::vector<std::string>& outputs) override {
        jv input = jv_parse_sized(json.data(), static_cast<int>(json.size()));
        if (!jv_is_valid(input)) {
            jv_free(input);
            return {AGORAS_ERR_GENERIC, "the result is not JSON"};
        }
        jq_start(jq_, input, 0);
        for (jv result = jq_next(jq_);; result = jq_next(jq_)) {
            if (!jv_is_valid(result)) {
                const bool failed = jv_invalid_has_msg(jv_copy(result));
                std::string message;
                if (failed) {
                    jv text = jv_invalid_get_msg(result);
                    message = jv_get_kind(text) == JV_KIND_STRING ? jv_string_value(text) : "the filter failed";
                    jv_free(text);
                } else {
                    jv_free(result);
                }
                return failed ? Outcome{AGORAS_ERR_GENERIC, "--jq: " + message} : Outcome{};
            }
            if (jv_get_kind(result) == JV_KIND_STRING) {
                outputs.emplace_back(jv_string_value(result), static_cast<std::size_t>(jv_string_length_bytes(jv_copy(result))));
                jv_free(result);
            } else {
                jv text = jv_dump_string(result, 0);
                outputs.emplace_back(jv_string_value(text));
                jv_free(text);
            }
        }
    }

private:
    jq_state* jq_ = nullptr;
    std::string errors_;
};

}  // namespace

JqApi& jq_service() {
    static JqService service;
    return service;
}

}  // namespace agoras::host::services
