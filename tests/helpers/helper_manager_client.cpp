// An unrelated program that connects to a Manager (tst_base_manager): it knows only the address
// and the authkey, as in Python's remote-manager example.
//
//   helper_manager_client ADDRESS AUTHKEY_HEX TYPE_ID MESSAGE
//
// Connects, gets the shared queue TYPE_ID, puts MESSAGE and prints "ok". Exit status: 0 ok,
// 2 usage, 3 AuthenticationError, 4 ManagerError, 5 anything else (the message on stdout).

#include <proclab/manager.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s ADDRESS AUTHKEY_HEX TYPE_ID MESSAGE\n", argv[0]);
        return 2;
    }
    std::string key;
    for (const char* p = argv[2]; p[0] && p[1]; p += 2)
        key.push_back(char(std::stoi(std::string(p, 2), nullptr, 16)));
    try {
        proclab::SyncManager m(proclab::Address::parse(argv[1]), key);
        m.connect();
        auto q = m.get<proclab::QueueProxy<std::string>>(argv[3]);
        q.put(argv[4]);
        std::printf("ok\n");
        return 0;
    } catch (const proclab::AuthenticationError& e) {
        std::printf("AuthenticationError: %s\n", e.what());
        return 3;
    } catch (const proclab::ManagerError& e) {
        std::printf("ManagerError: %s\n", e.what());
        return 4;
    } catch (const std::exception& e) {
        std::printf("error: %s\n", e.what());
        return 5;
    }
}
