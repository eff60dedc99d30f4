// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "evals",
    products: [
        .executable(name: "evals", targets: ["evals"]),
        .executable(name: "fake-model", targets: ["fake-model"]),
        .library(name: "EvalKit", targets: ["EvalKit"]),
        .library(name: "YAMLLite", targets: ["YAMLLite"]),
        .library(name: "EvalKitTesting", targets: ["EvalKitTesting"]),
        .library(name: "FakeModelServer", targets: ["FakeModelServer"]),
    ],
    targets: [
        .target(name: "YAMLLite"),
        .target(name: "CTLS", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        .target(name: "CSystem"),
        .target(name: "EvalKit", dependencies: [
            "YAMLLite",
            .target(name: "CTLS", condition: .when(platforms: [.linux])),
            "CSystem",
        ]),
        .target(name: "EvalKitTesting", dependencies: ["EvalKit"]),
        .target(name: "EvalsCLI", dependencies: ["EvalKit", "YAMLLite"]),
        .executableTarget(name: "evals", dependencies: ["EvalsCLI"]),
        .target(name: "FakeModelServer"),
        .executableTarget(name: "fake-model", dependencies: ["FakeModelServer"]),
        .executableTarget(name: "evals-bench", dependencies: ["EvalKit"]),
        .target(name: "LinearTimeTesting", path: "Tests/LinearTimeTesting"),
        .testTarget(name: "YAMLLiteTests", dependencies: ["YAMLLite", "LinearTimeTesting"]),
        .testTarget(name: "EvalKitTests", dependencies: ["EvalKit", "YAMLLite", "FakeModelServer", "LinearTimeTesting"]),
        .testTarget(name: "EvalsCLITests", dependencies: ["EvalsCLI", "EvalKit", "FakeModelServer"]),
        .testTarget(name: "EvalKitTestingTests", dependencies: ["EvalKitTesting", "EvalKit", "FakeModelServer"]),
        .testTarget(name: "FakeModelServerTests", dependencies: ["FakeModelServer"]),
    ]
)
