#pragma once
// Private: the lesson file parser. It checks a lesson's JSON text against the action table and
// reports each problem as a LessonError at its line and column.
#include <proclab/lessons/lesson.h>

#include <string>
#include <string_view>

namespace proclab::lessons::detail {

/// The lesson of `text`; `path` names it in errors and is the base of "cpp_file". LessonError when
/// it is not valid.
Lesson parse_lesson(std::string_view text, const std::string& path);

} // namespace proclab::lessons::detail
