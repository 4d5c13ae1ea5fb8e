#include "plugins/extensions/extensions.hpp"

#include "plugins/service_calls.hpp"

namespace agoras::host::plugins::extensions {
namespace {

agoras_status journal_checkpoint(void* context, const char* json, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] { run_of(context).checkpoint(text_or_empty(json)); });
}

}  // namespace

const agoras_journal_v1 journal_v1{sizeof(agoras_journal_v1), &journal_checkpoint};

}  // namespace agoras::host::plugins::extensions
