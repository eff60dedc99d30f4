// swift-tools-version:6.0
import PackageDescription

// Evals written in `swift test`: the EvalKit API against the fake model, from XCTest and from
// Swift Testing. Run with `swift test --package-path Examples` from the repository's root.
let package = Package(
    name: "EvalsExamples",
    dependencies: [
        .package(name: "evals", path: ".."),
    ],
    targets: [
        .testTarget(
            name: "ExampleTests",
            dependencies: [
                .product(name: "EvalKit", package: "evals"),
                .product(name: "EvalKitTesting", package: "evals"),
                .product(name: "FakeModelServer", package: "evals"),
            ],
            exclude: ["suites"]),
    ]
)
