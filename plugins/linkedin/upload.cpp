#include "upload.hpp"

#include <media.hpp>

#include <agoras/sdk/poll.hpp>

namespace agoras::linkedin {
namespace {

// The file to upload (a URL downloaded into a temporary file first): parts are sent from disk.
struct Bytes {
    std::optional<media::LocalMedia> file;  // none in a dry run of a URL, which fetches nothing
    std::uint64_t size = 0;
};

std::vector<sdk::BodyPart> range(const Bytes& bytes, std::uint64_t first, std::uint64_t length) {
    return {sdk::BodyPart{{}, bytes.file->path(), first, length}};
}

const char* endpoint_of(Asset kind) { return kind == Asset::image ? "images" : kind == Asset::document ? "documents" : "videos"; }

std::string checked_urn(const std::string& urn, const std::string& prefix, const std::string& what) {
    if (urn.rfind(prefix, 0) != 0) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn answered the upload of " + what + " without a " + prefix + " URN");
    sdk::checked_server_id(urn.substr(prefix.size()), "an asset id", "LinkedIn", "_-");
    return urn;
}

void wait_until_available(LinkedInApi& api, const std::string& urn, const std::string& what) {
    std::string status;
    const sdk::PollPlan plan{1000, 10000, 1.5, 15 * 60 * 1000};
    const bool ready = sdk::poll_until(
        api.host(), plan,
        [&] {
            status = api.rest("GET", "/videos/" + sdk::percent_encode(urn), std::nullopt, "checking on " + what, true).json["status"].text();
            if (status == "PROCESSING_FAILED") {
                throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn could not process " + what + " (PROCESSING_FAILED); nothing was posted");
            }
            return status == "AVAILABLE";
        },
        [&](std::uint64_t) { return "LinkedIn is processing " + what + " (" + status + ")"; });
    if (!ready) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn was still processing " + what + " after 15 minutes; nothing was posted");
}

}  // namespace

std::string upload_asset(LinkedInApi& api, Asset kind, const std::string& source, const std::string& author, const std::string& what) {
    const std::uint64_t limit = kind == Asset::image ? kMaxImageBytes : kind == Asset::document ? kMaxDocumentBytes : kMaxVideoBytes;
    Bytes bytes;
    if (!api.dry_run() || !media::is_url(source)) {
        // A download stops at the limit; a local file is measured, and refused below with LinkedIn's limit.
        bytes.file.emplace(api.host(), source, media::is_url(source) ? limit : UINT64_MAX, what);
        bytes.size = bytes.file->size();
    }
    if (bytes.size > limit) refuse(what + " is " + std::to_string(bytes.size >> 20) + " MiB; LinkedIn takes at most " + std::to_string(limit >> 20));
    const std::string endpoint = endpoint_of(kind);
    Json init = Json::object().set("owner", author);
    if (kind == Asset::video) {
        init.set("fileSizeBytes", static_cast<std::int64_t>(bytes.size)).set("uploadCaptions", false).set("uploadThumbnail", false);
    }
    const Json started = api.rest("POST", "/" + endpoint + "?action=initializeUpload", Json::object().set("initializeUploadRequest", init),
                                  "starting the upload of " + what, true).json["value"];
    const std::string prefix = kind == Asset::image ? "urn:li:image:" : kind == Asset::document ? "urn:li:document:" : "urn:li:video:";
    if (api.dry_run()) return prefix + "DRY_RUN";
    if (kind != Asset::video) {
        const std::string urn = checked_urn(started[kind == Asset::image ? "image" : "document"].text(), prefix, what);
        api.upload(started["uploadUrl"].text(), range(bytes, 0, bytes.size), "uploading " + what);
        return urn;
    }
    const std::string urn = checked_urn(started["video"].text(), prefix, what);
    Json etags = Json::array();
    std::uint64_t expected = 0;
    for (const auto& part : started["uploadInstructions"].items()) {
        const std::int64_t first = part["firstByte"].integer(-1), last = part["lastByte"].integer(-1);
        // The parts must tile the file exactly: anything else is a broken answer, not something to guess at.
        if (first < 0 || static_cast<std::uint64_t>(first) != expected || last < first || static_cast<std::uint64_t>(last) >= bytes.size) {
            throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn's upload instructions for " + what + " do not cover the file in order");
        }
        const std::string etag = api.upload(part["uploadUrl"].text(), range(bytes, static_cast<std::uint64_t>(first), static_cast<std::uint64_t>(last - first + 1)),
                                            "uploading " + what + " (part " + std::to_string(etags.size() + 1) + ")");
        if (etag.empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn answered a part of " + what + " without an ETag");
        etags.push(etag);
        expected = static_cast<std::uint64_t>(last) + 1;
    }
    if (expected != bytes.size) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn's upload instructions for " + what + " do not cover the file");
    api.rest("POST", "/videos?action=finalizeUpload",
             Json::object().set("finalizeUploadRequest", Json::object().set("video", urn).set("uploadToken", started["uploadToken"].text())
                                                             .set("uploadedPartIds", etags)),
             "finishing the upload of " + what, false);
    wait_until_available(api, urn, what);
    return urn;
}

}  // namespace agoras::linkedin
