// proclab-cli clean, and the leftovers line of proclab-cli sessions (see proclab/debris.h).
#include "commands.h"

#include <proclab/debris.h>

#include <ostream>

namespace proclab::cli {

namespace {

void print(const Debris& d, std::ostream& out)
{
    out << d.name << " (" << (d.kind.empty() ? "unknown kind" : d.kind);
    if (d.creator > 0)
        out << ", creator " << d.creator << " dead";
    if (!d.session.empty() && d.kind != "session")
        out << ", session " << d.session;
    out << ", " << d.bytes << " bytes)\n";
}

} // namespace

int cmd_clean(const std::vector<std::string>& args, std::ostream& out, std::ostream&)
{
    bool dry_run = false;
    for (const auto& a : args) {
        if (a == "--dry-run")
            dry_run = true;
        else
            throw UsageError{"clean takes no argument but --dry-run, got '" + a + "'"};
    }
    const std::vector<Debris> list = dry_run ? find_debris() : sweep_debris();
    for (const Debris& d : list) {
        out << (dry_run ? "would remove " : "removed ");
        print(d, out);
    }
    if (list.empty())
        out << "nothing to remove: every ProcLab object of this user is in use\n";
    else
        out << (dry_run ? "would remove " : "removed ") << list.size() << " object" << (list.size() == 1 ? "" : "s")
            << "\n";
    return 0;
}

std::size_t print_debris_summary(std::ostream& out)
{
    std::size_t n = 0;
    for (const Debris& d : find_debris()) {
        if (!d.session.empty())
            continue; // listed under its dead session
        out << "leftover ";
        print(d, out);
        ++n;
    }
    return n;
}

} // namespace proclab::cli
