// libFuzzer target: the lesson parser (core/lessons) on arbitrary text, seeded with the shipped
// lessons (resources/lessons/*.json). Every input must parse into a Lesson or be refused with a
// LessonError that names the file: no other exception, no crash, no sanitizer report.

#include <proclab/lessons/lesson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const proclab::Lesson lesson = proclab::Lesson::parse(text, "/nonexistent/fuzz/lesson.json");
        // What the runner and the window read of a valid lesson.
        std::size_t chars = lesson.text_for("zh").title.size() + lesson.unavailable_reason().size();
        for (const auto& step : lesson.steps)
            chars += step.describe().size() + step.str("name").size();
        (void)chars;
    } catch (const proclab::LessonError& e) {
        if (e.file() != "/nonexistent/fuzz/lesson.json")
            __builtin_trap(); // every error names the file
    }
    return 0;
}
