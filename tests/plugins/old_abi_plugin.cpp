// A plugin built against an older plugin ABI (written out by hand, as an old SQUALL_PLUGIN would).
namespace squall {
class ComponentRegistry;
}
extern "C" int squall_plugin_abi_version() { return 0; }
extern "C" const char* squall_plugin_squall_version() { return "0.0.1"; }
extern "C" void squall_plugin_register(squall::ComponentRegistry*) {}
