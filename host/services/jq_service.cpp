// JqApi over libjq (jq 1.6), opened with dlopen on the first --jq: every other command, though it loads this
// library, never loads libjq and its regular-expression library. One compiled filter for the process.
#include "services/jq_api.hpp"

extern "C" {
#include <jq.h>
// jv.h defines jv_is_valid, which calls jv_get_kind, as a plain static function: an unoptimized build emits it, and
// its reference to libjq would make this library need libjq at link time. Weak, the reference needs nothing; this
// file calls libjq only through the pointers below.
jv_kind jv_get_kind(jv) __attribute__((weak));
}

#include <dlfcn.h>

namespace agoras::host::services {
namespace {

// The functions of libjq this uses, looked up once.
struct Jq {
    decltype(&::jq_init) init;
    decltype(&::jq_teardown) teardown;
    decltype(&::jq_set_error_cb) set_error_cb;
    decltype(&::jq_compile) compile;
    decltype(&::jq_start) start;
    decltype(&::jq_next) next;
    decltype(&::jv_parse_sized) parse_sized;
    decltype(&::jv_free) free;
    decltype(&::jv_copy) copy;
    decltype(&::jv_get_kind) get_kind;
    decltype(&::jv_string_value) string_value;
    decltype(&::jv_string_length_bytes) string_length_bytes;
    decltype(&::jv_invalid_has_msg) invalid_has_msg;
    decltype(&::jv_invalid_get_msg) invalid_get_msg;
    decltype(&::jv_dump_string) dump_string;

    bool is_valid(jv value) const { return get_kind(value) != JV_KIND_INVALID; }  // inline in jv.h, not exported
};

// libjq, or nullptr with `error` said.
const Jq* load_jq(std::string& error) {
    static Jq jq{};
    static std::string failure;
    static const bool loaded = [] {
        void* library = dlopen("libjq.so.1", RTLD_NOW | RTLD_LOCAL);
        if (library == nullptr) {
            const char* why = dlerror();
            failure = std::string("--jq needs libjq (Debian's libjq1): ") + (why != nullptr ? why : "it cannot be loaded");
            return false;
        }
        bool complete = true;
        const auto find = [&](auto& function, const char* name) {
            function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(library, name));
            complete = complete && function != nullptr;
        };
        find(jq.init, "jq_init");
        find(jq.teardown, "jq_teardown");
        find(jq.set_error_cb, "jq_set_error_cb");
        find(jq.compile, "jq_compile");
        find(jq.start, "jq_start");
        find(jq.next, "jq_next");
        find(jq.parse_sized, "jv_parse_sized");
        find(jq.free, "jv_free");
        find(jq.copy, "jv_copy");
        find(jq.get_kind, "jv_get_kind");
        find(jq.string_value, "jv_string_value");
        find(jq.string_length_bytes, "jv_string_length_bytes");
        find(jq.invalid_has_msg, "jv_invalid_has_msg");
        find(jq.invalid_get_msg, "jv_invalid_get_msg");
        find(jq.dump_string, "jv_dump_string");
        if (!complete) failure = "--jq: the installed libjq lacks functions agoras uses";
        return complete;
    }();
    if (!loaded) error = failure;
    return loaded ? &jq : nullptr;
}

struct ErrorSink {
    const Jq* jq;
    std::string text;
};

void collect_error(void* data, jv error) {
    auto* sink = static_cast<ErrorSink*>(data);
    if (sink->jq->get_kind(error) == JV_KIND_STRING) {
        sink->text += (sink->text.empty() ? "" : "; ") + std::string(sink->jq->string_value(error));
    }
    sink->jq->free(error);
}

class JqService final : public JqApi {
public:
    ~JqService() override {
        if (state_ != nullptr) jq_->teardown(&state_);
    }

    Outcome compile(const std::string& expression) override {
        std::string error;
        if (jq_ == nullptr && (jq_ = load_jq(error)) == nullptr) return {AGORAS_ERR_GENERIC, error};
        if (state_ == nullptr) state_ = jq_->init();
        if (state_ == nullptr) return {AGORAS_ERR_GENERIC, "jq could not start"};
        errors_ = {jq_, ""};
        jq_->set_error_cb(state_, &collect_error, &errors_);
        if (jq_->compile(state_, expression.c_str()) == 0) {
            return {AGORAS_ERR_USAGE,
                    "--jq '" + expression + "' does not compile: " + (errors_.text.empty() ? "syntax error" : errors_.text)};
        }
        return {};
    }

    Outcome apply(const std::string& json, std::vector<std::string>& outputs) override {
        if (state_ == nullptr) return {AGORAS_ERR_GENERIC, "--jq: no filter was compiled"};
        jv input = jq_->parse_sized(json.data(), static_cast<int>(json.size()));
        if (!jq_->is_valid(input)) {
            jq_->free(input);
            return {AGORAS_ERR_GENERIC, "the result is not JSON"};
        }
        jq_->start(state_, input, 0);
        for (jv result = jq_->next(state_);; result = jq_->next(state_)) {
            if (!jq_->is_valid(result)) {
                if (!jq_->invalid_has_msg(jq_->copy(result))) {
                    jq_->free(result);
                    return {};
                }
                jv text = jq_->invalid_get_msg(result);
                const std::string message = jq_->get_kind(text) == JV_KIND_STRING ? jq_->string_value(text) : "the filter failed";
                jq_->free(text);
                return {AGORAS_ERR_GENERIC, "--jq: " + message};
            }
            if (jq_->get_kind(result) == JV_KIND_STRING) {
                outputs.emplace_back(jq_->string_value(result), static_cast<std::size_t>(jq_->string_length_bytes(jq_->copy(result))));
                jq_->free(result);
            } else {
                jv text = jq_->dump_string(result, 0);
                outputs.emplace_back(jq_->string_value(text));
                jq_->free(text);
            }
        }
    }

private:
    const Jq* jq_ = nullptr;
    jq_state* state_ = nullptr;
    ErrorSink errors_{nullptr, ""};
};

}  // namespace

JqApi& jq_service() {
    static JqService service;
    return service;
}

}  // namespace agoras::host::services
