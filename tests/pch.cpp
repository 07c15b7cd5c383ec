// An empty file: the target that builds the test suites' precompiled headers.
