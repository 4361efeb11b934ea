#include "manager/protocol.h"

#include <proclab/detail/manager_wire.h>
#include <proclab/errors.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>
#include <utility>

namespace proclab::detail::manager {

namespace {
void put_u32(std::string& out, std::uint32_t v)
{
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
} // namespace

Request decode_request(std::string_view payload)
{
    WireReader r(payload);
    Request q;
    if (payload.empty())
        throw ManagerError("malformed request: empty");
    const std::uint8_t op = r.u8();
    if (op < std::uint8_t(Op::Call) || op > std::uint8_t(Op::Ping))
        throw ManagerError("malformed request: unknown operation " + std::to_string(op));
    q.op = Op(op);
    if (r.remaining() < 9)
        throw ManagerError("malformed request: truncated header (" + std::to_string(payload.size()) + " bytes)");
    q.id = r.u64();
    const std::uint8_t length = r.u8();
    if (length > r.remaining())
        throw ManagerError("malformed request: method name of " + std::to_string(length) + " bytes, only " +
                           std::to_string(r.remaining()) + " left");
    const std::string_view rest = r.rest();
    q.method = rest.substr(0, length);
    q.args = rest.substr(length);
    for (const char c : q.method)
        if (c <= ' ' || c > '~')
            throw ManagerError("malformed request: the method name has a non-printable byte");
    if ((q.op == Op::Call || q.op == Op::Create) && q.method.empty())
        throw ManagerError(std::string("malformed request: no ") + (q.op == Op::Call ? "method" : "type") + " name");
    return q;
}

void append_request_frame(std::string& out, Op op, std::uint64_t id, std::string_view method, std::string_view args)
{
    if (method.size() > 255)
        throw ValueError("manager method or type name '" + std::string(method.substr(0, 40)) +
                         "...' is longer than 255 bytes");
    const std::size_t payload = 1 + 8 + 1 + method.size() + args.size();
    if (payload > kMaxMessage)
        throw ValueError("a manager request of " + std::to_string(payload) + " bytes exceeds the maximum of " +
                         std::to_string(kMaxMessage) + " bytes");
    out.reserve(out.size() + 4 + payload);
    put_u32(out, std::uint32_t(payload));
    out.push_back(char(op));
    out.append(reinterpret_cast<const char*>(&id), sizeof id);
    out.push_back(char(method.size()));
    out.append(method);
    out.append(args);
}

std::string encode_request(Op op, std::uint64_t id, std::string_view method, std::string_view args)
{
    std::string frame;
    append_request_frame(frame, op, id, method, args);
    return frame.substr(4);
}

std::string ok_frame(std::string_view result)
{
    std::string out;
    out.reserve(5 + result.size());
    put_u32(out, std::uint32_t(1 + result.size()));
    out.push_back(char(Status::Ok));
    out.append(result);
    return out;
}

std::string error_frame(std::string_view type, std::string_view message, bool builtin)
{
    if (message.size() > 4096)
        message = message.substr(0, 4096);
    WireWriter w;
    w.u32(0).u8(std::uint8_t(Status::Error)).bytes(type).bytes(message).boolean(builtin);
    std::string out = w.take();
    const std::uint32_t length = std::uint32_t(out.size() - 4);
    std::memcpy(out.data(), &length, 4);
    return out;
}

namespace {
/// Throws E(message): the builtin errors a reply rethrows as themselves.
template <class E>
[[noreturn]] void throw_as(const std::string& message)
{
    throw E(message);
}
} // namespace

std::string_view open_reply(std::string_view payload, std::string_view where)
{
    WireReader r(payload);
    const std::uint8_t status = r.u8();
    if (status == std::uint8_t(Status::Ok))
        return r.rest();
    if (status != std::uint8_t(Status::Error))
        throw ManagerError("malformed reply from the manager at " + std::string(where));
    const std::string type(r.bytes());
    const std::string message(r.bytes());
    const bool builtin = r.boolean();
    if (builtin) {
        static constexpr std::pair<std::string_view, void (*)(const std::string&)> errors[] = {
            {"proclab::Empty", &throw_as<Empty>},
            {"proclab::Full", &throw_as<Full>},
            {"proclab::TimeoutError", &throw_as<TimeoutError>},
            {"proclab::ValueError", &throw_as<ValueError>},
            {"proclab::BrokenBarrierError", &throw_as<BrokenBarrierError>},
        };
        for (const auto& [name, raise] : errors)
            if (type == name)
                raise(message);
        if (type == "proclab::ManagerError")
            throw ManagerError(message + " (the manager at " + std::string(where) + ")");
    }
    throw RemoteError(type, message);
}

std::string hmac_sha256(std::string_view key, std::string_view message)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
              message.size(), digest, &length))
        throw Error("HMAC-SHA256 failed (OpenSSL)");
    return std::string(reinterpret_cast<const char*>(digest), length);
}

bool digest_equal(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_bytes(std::size_t n)
{
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1)
        throw Error("cannot read random bytes (OpenSSL RAND_bytes)");
    return out;
}

} // namespace proclab::detail::manager
