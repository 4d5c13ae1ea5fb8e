// The host's heavy services live in lib/agoras/, each library loaded on first use: the vault and the state
// store (SQLite, OpenSSL's crypto) in libagoras-services.so, HTTP and the OAuth listener (OpenSSL) in
// libagoras-net.so, feeds (libxml2, ICU) in libagoras-feeds.so. A command that needs none of them (--version,
// --help, plugins list) never pays for loading those libraries, a post never loads the feed parser, and a post
// with credentials from the environment never loads SQLite.
//
// The library ships with the executable and is built by the same compiler, so C++ types cross this
// internal interface; exceptions do not (services/outcome.hpp). It hands out one small interface per
// area by id (each *_api.hpp has its kId), as CLAP's get_extension does: a new heavy service is one
// header, one implementation and one line in library.cpp's table.
#pragma once

namespace agoras::host::services {

// The exported entry point: the interface with this id, or nullptr.
using LibraryEntry = void* (*)(const char* id);
constexpr const char* kLibraryEntrySymbol = "agoras_services_get_v2";
constexpr const char* kServicesLibrary = "libagoras-services.so";
constexpr const char* kFeedsLibrary = "libagoras-feeds.so";
constexpr const char* kNetLibrary = "libagoras-net.so";

}  // namespace agoras::host::services
