// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "evals",
    products: [
        .executable(name: "evals", targets: ["evals"]),
        .executable(name: "fake-model", targets: ["fake-model"]),
        .library(name: "EvalKit", targets: ["EvalKit"]),
        .library(name: "EvalKitMatchers", targets: ["EvalKitMatchers"]),
        .library(name: "YAMLLite", targets: ["YAMLLite"]),
        .library(name: "EvalKitTesting", targets: ["EvalKitTesting"]),
        .library(name: "FakeModelServer", targets: ["FakeModelServer"]),
    ],
    targets: [
        .target(name: "YAMLLite"),
        .target(name: "CTLS", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .target(name: "CSystem"),
        // Text, files and numbers that every other module may use; knows no model, suite or report.
        .target(name: "EvalKitSupport", dependencies: ["YAMLLite"]),
        // Child processes (script matchers, command targets), through CSystem's posix_spawn.
        .target(name: "EvalKitProcess", dependencies: ["CSystem", "EvalKitSupport"]),
        // Matchers as pure values, and the number readers they use; no provider, runner or report.
        .target(name: "EvalKitMatchers", dependencies: ["YAMLLite", "EvalKitSupport", "EvalKitProcess"]),
        // The results model: case, target, suite and run reports, usage, cost, gate settings and
        // verdicts, and the statistics over them; what every report is written from and read into.
        .target(name: "EvalKitResults", dependencies: ["EvalKitSupport"]),
        // Bytes over HTTP/1.1 and TLS: the event loop, connection pool and response parser, with
        // their own response and failure types; knows no provider, model or suite.
        .target(name: "EvalKitTransport", dependencies: [
            .target(name: "CTLS", condition: .when(platforms: [.linux])),
            "CSystem",
            "EvalKitSupport",
        ]),
        // Suite files: schema, datasets, cases, targets' provider configuration and settings.
        .target(name: "EvalKitSuite", dependencies: ["YAMLLite", "EvalKitSupport", "EvalKitMatchers", "EvalKitResults"]),
        // Model endpoints (reference, gemini, vertex, openai, http, command) and their batch APIs:
        // requests and answers over EvalKitTransport or a child process; they know no report.
        .target(name: "EvalKitProviders", dependencies: [
            "YAMLLite", "EvalKitSupport", "EvalKitProcess", "EvalKitMatchers", "EvalKitResults", "EvalKitSuite", "EvalKitTransport",
        ]),
        // Running suites: planning, concurrency, retries, deadlines, the response cache and batch runs.
        .target(name: "EvalKitRunner", dependencies: [
            "YAMLLite", "EvalKitSupport", "EvalKitMatchers", "EvalKitResults", "EvalKitSuite", "EvalKitProviders",
        ]),
        // Golden files: reading, checking, writing and accepting them.
        .target(name: "EvalKitGolden", dependencies: ["YAMLLite", "EvalKitSupport", "EvalKitMatchers", "EvalKitResults", "EvalKitSuite"]),
        // Comparing runs and baselines, gates and their verdicts, merging shards.
        .target(name: "EvalKitCompare", dependencies: ["EvalKitSupport", "EvalKitResults", "EvalKitSuite"]),
        // The text, Markdown, HTML, JSON and JUnit reports, written from the results model.
        .target(name: "EvalKitReporters", dependencies: ["EvalKitSupport", "EvalKitResults", "EvalKitSuite", "EvalKitCompare"]),
        // The umbrella: the Swift API (Model, ExpectedOutput, Suite.run), re-exporting every module.
        .target(name: "EvalKit", dependencies: [
            "YAMLLite",
            "EvalKitRunner",
            "EvalKitGolden",
            "EvalKitCompare",
            "EvalKitReporters",
            "EvalKitProviders",
            "EvalKitSuite",
            "EvalKitTransport",
            "EvalKitSupport",
            "EvalKitResults",
            "EvalKitProcess",
            "EvalKitMatchers",
        ]),
        .target(name: "EvalKitTesting", dependencies: ["EvalKit"]),
        .target(name: "EvalsCLI", dependencies: ["EvalKit", "YAMLLite"]),
        .executableTarget(name: "evals", dependencies: ["EvalsCLI"]),
        .target(name: "FakeModelServer"),
        .executableTarget(name: "fake-model", dependencies: ["FakeModelServer"]),
        .executableTarget(name: "evals-bench", dependencies: ["EvalKit"]),
        .target(name: "LinearTimeTesting", path: "Tests/LinearTimeTesting"),
        .testTarget(name: "YAMLLiteTests", dependencies: ["YAMLLite", "LinearTimeTesting"]),
        .testTarget(name: "EvalKitTests", dependencies: ["EvalKit", "EvalKitRunner", "EvalKitGolden", "EvalKitCompare", "EvalKitReporters", "EvalKitProviders", "EvalKitSuite", "EvalKitSupport", "EvalKitResults", "EvalKitTransport", "EvalKitProcess", "EvalKitMatchers", "YAMLLite", "FakeModelServer", "LinearTimeTesting"]),
        .testTarget(name: "EvalsCLITests", dependencies: ["EvalsCLI", "EvalKit", "FakeModelServer"]),
        .testTarget(name: "EvalKitTestingTests", dependencies: ["EvalKitTesting", "EvalKit", "FakeModelServer"]),
        .testTarget(name: "FakeModelServerTests", dependencies: ["FakeModelServer"]),
    ]
)
