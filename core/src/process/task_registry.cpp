#include <proclab/task.h>

#include <map>
#include <string>

namespace proclab::detail {

namespace {
struct Registry {
    std::map<std::string, TaskEntry, std::less<>> by_name;
    std::map<const void*, TaskEntry> by_address;
    std::map<std::string, int, std::less<>> duplicates;
};

// Built on first use: registrations run during static initialization in any order.
Registry& registry()
{
    static Registry* r = new Registry; // never destroyed: tasks may run during exit
    return *r;
}
} // namespace

void register_task(const TaskEntry& entry) noexcept
{
    Registry& r = registry();
    auto [it, inserted] = r.by_name.try_emplace(entry.name, entry);
    if (!inserted && it->second.address != entry.address)
        ++r.duplicates[entry.name];
    r.by_address.try_emplace(entry.address, entry);
}

const TaskEntry* find_task(std::string_view name) noexcept
{
    Registry& r = registry();
    if (r.duplicates.find(name) != r.duplicates.end())
        return nullptr;
    auto it = r.by_name.find(name);
    return it == r.by_name.end() ? nullptr : &it->second;
}

const TaskEntry* find_task(const void* address) noexcept
{
    Registry& r = registry();
    auto it = r.by_address.find(address);
    if (it == r.by_address.end() || r.duplicates.find(it->second.name) != r.duplicates.end())
        return nullptr;
    return &it->second;
}

} // namespace proclab::detail
