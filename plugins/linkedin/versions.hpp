// The LinkedIn API version agoras sends (Linkedin-Version: YYYYMM), in one place, with the sunset
// dates LinkedIn publishes on its migrations page. LinkedIn answers a sunset version with 426 and
// nothing works until the header changes: AGORAS_LINKEDIN_VERSION moves users on without a release,
// and a unit test fails when the pinned version is within 60 days of its sunset.
#pragma once

namespace agoras::linkedin {

// 202603: the newest version LinkedIn's versioning page names as latest (checked 2026-12); each
// version is supported at least a year.
inline constexpr const char* kPinnedVersion = "202603";

struct VersionSunset {
    const char* version;
    const char* sunset;  // YYYY-MM-DD
};
// From learn.microsoft.com/linkedin/marketing/integrations/migrations (and a year after release where
// the table has no row yet).
inline constexpr VersionSunset kSunsets[] = {
    {"202601", "2027-01-15"},
    {"202602", "2027-02-15"},
    {"202603", "2027-03-16"},
};

}  // namespace agoras::linkedin
