// A shared library without squall's entry points.
extern "C" int some_function() { return 42; }
