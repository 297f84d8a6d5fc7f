// The target that owns the suites' precompiled header (tests/testpch.h); no code of its own.
