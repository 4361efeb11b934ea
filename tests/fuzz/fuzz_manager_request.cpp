// libFuzzer target: the Manager's request decoder and reply reader on arbitrary bytes.
// Every input must be decoded or refused with ManagerError (or, for replies, the error the reply
// carries): no crash, no sanitizer report, no allocation beyond the input's size.
//
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include -Icore/src \
//       tests/fuzz/fuzz_manager_request.cpp core/src/manager/protocol.cpp core/src/errors.cpp -lcrypto -o
//       fuzz_manager_request
//   ./fuzz_manager_request -max_len=4096 -runs=1000000
//
// CMake builds it as a target under clang, or as a ctest (fuzz.manager_request) with clang++ found
// on PATH otherwise.

#include "manager/protocol.h"

#include <proclab/detail/manager_wire.h>
#include <proclab/errors.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dm = proclab::detail::manager;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        const dm::Request r = dm::decode_request(input);
        // A decoded request re-encodes to the same bytes.
        if (r.method.size() <= 255 && dm::encode_request(r.op, r.id, r.method, r.args) != input)
            __builtin_trap();
        // Arguments as the server reads them: lists, timeouts, byte strings.
        proclab::detail::WireReader in(r.args);
        try {
            (void)proclab::detail::decode_list<std::string>(r.args);
        } catch (const proclab::Error&) {
        }
        try {
            (void)in.boolean();
            (void)in.timeout();
            (void)in.bytes();
        } catch (const proclab::ManagerError&) {
        }
    } catch (const proclab::ManagerError&) {
    }
    try {
        (void)dm::open_reply(input, "fuzz");
    } catch (const proclab::Error&) {
    }
    return 0;
}
