// A perfectly loadable shared library that is not an agoras plugin: it lacks the entry symbol.
extern "C" __attribute__((visibility("default"))) int not_an_agoras_plugin(void) { return 42; }
