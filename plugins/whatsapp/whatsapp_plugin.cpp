// The WhatsApp plugin: free-form messages and approved templates to opted-in recipients through the
// WhatsApp Business Cloud API (its declarations; each action names the function that runs it).
#include "whatsapp.hpp"

namespace {
using namespace agoras::sdk;

Action with_account(Action action) {
    return action.option(Option::string("access-token").env("WHATSAPP_ACCESS_TOKEN").secret().help("a System User access token (default: the vault's)"))
        .option(Option::string("phone-number-id").env("WHATSAPP_PHONE_NUMBER_ID").help("the sending number's id (not the number itself)"))
        .option(Option::string("recipient").env("WHATSAPP_RECIPIENT").help("E.164 numbers, comma-separated (+15551234567,+44…)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

PluginSpec whatsapp_spec() {
    Platform whatsapp("whatsapp", "WhatsApp Business: messages to opted-in numbers (free-form within 24 hours of their last "
                                  "message, templates otherwise). Run \"agoras whatsapp authorize\" first.");
    whatsapp.action(Action("authorize", "Check a System User token against the phone number id and store both").runs(&agoras::whatsapp::run_authorize)
                        .option(Option::string("access-token").required().env("WHATSAPP_ACCESS_TOKEN").secret().help("a System User access token"))
                        .option(Option::string("phone-number-id").required().env("WHATSAPP_PHONE_NUMBER_ID").help("the sending number's id"))
                        .option(Option::string("business-account-id").env("WHATSAPP_BUSINESS_ACCOUNT_ID").help("the WhatsApp Business Account id"))
                        .option(Option::flag("dry-run").help("print the request instead of sending it")));
    whatsapp.action(with_account(Action("post", "Send a text, with a link preview or images, to each recipient").runs(&agoras::whatsapp::run_post)
                                     .option(Option::string("text").text().env("STATUS_TEXT").help("message text (at most 4096 characters)"))
                                     .option(Option::string("link").env("STATUS_LINK").help("a link, shown with its preview"))
                                     .option(Option::list("image").numbered(4).help("image file or https URL (the first carries the text as caption)"))
                                     .option(Option::list("alt-text").numbered(4).help("caption of the image in the same position"))));
    whatsapp.action(with_account(Action("video", "Send a video to each recipient").runs(&agoras::whatsapp::run_video)
                                     .option(Option::string("video-url").required().env("WHATSAPP_VIDEO_URL").help("MP4 file or https URL (16 MB)"))
                                     .option(Option::string("text").text().env("STATUS_TEXT").help("the video's caption"))));
    whatsapp.action(with_account(Action("template", "Send an approved template, with its parameters, to each recipient")
                                     .runs(&agoras::whatsapp::run_template)
                                     .option(Option::string("template-name").required().env("WHATSAPP_TEMPLATE_NAME").help("the approved template's name"))
                                     .option(Option::string("template-language").env("WHATSAPP_TEMPLATE_LANGUAGE").default_value("en")
                                                 .help("its language code as approved (en, en_US, pt_BR…)"))
                                     .option(Option::string("template-components").env("WHATSAPP_TEMPLATE_COMPONENTS")
                                                 .help("the components with their parameters, as JSON ([{\"type\":\"body\",\"parameters\":[…]}])"))));
    whatsapp.posts_with({&agoras::whatsapp::validate_post, &agoras::whatsapp::publish_post, nullptr});
    return PluginSpec("whatsapp", "WhatsApp", AGORAS_WHATSAPP_VERSION, "Send WhatsApp Business messages")
        .platform(whatsapp)
        .publishes(agoras::whatsapp::whatsapp_capabilities())
        .setting(agoras::whatsapp::kApiUrl)
        .credentials("whatsapp", "WhatsApp - System User token",
                     {{"access_token", "WHATSAPP_ACCESS_TOKEN"}, {"phone_number_id", "WHATSAPP_PHONE_NUMBER_ID"},
                      {"business_account_id", "WHATSAPP_BUSINESS_ACCOUNT_ID"}},
                     {"access_token"});
}

}  // namespace

AGORAS_PLUGIN(whatsapp_spec, Plugin)
