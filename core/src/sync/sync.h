#pragma once
// Private helpers of the synchronization and shared-data objects.

#include <string>

namespace proclab::detail {
/// The kind part of a segment name "proclab-<uid>-<kind>-<hex>" ("" if it has none).
std::string kind_of(const std::string& segment_name);
} // namespace proclab::detail
