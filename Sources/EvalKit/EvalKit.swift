// EvalKit is the umbrella module: `import EvalKit` brings every module of the library, so the
// command line, the tests and Swift packages that use evals need one import.
@_exported import EvalKitCompare
@_exported import EvalKitGolden
@_exported import EvalKitMatchers
@_exported import EvalKitProcess
@_exported import EvalKitProviders
@_exported import EvalKitReporters
@_exported import EvalKitResults
@_exported import EvalKitRunner
@_exported import EvalKitSuite
@_exported import EvalKitSupport
@_exported import EvalKitTransport
