import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitRunner

/// Every number a suite holds, at each bound of its range (SPEC §4): just inside loads, just
/// outside is an error at the value's line and column that quotes the range.
@Suite struct NumberRangeTests {
    /// One place a number goes in a suite, `⟪` standing for the value.
    struct Place: Sendable {
        var key: String
        var text: String
        /// The range as the message words it.
        var range: String
        var inside: [String]
        var outside: [String]
    }

    static func inCase(_ key: String) -> String { SuiteText.withCases("  - prompt: a\n    \(key): ⟪\n") }
    static func inDefaults(_ key: String) -> String { SuiteText.header + "defaults:\n  \(key): ⟪\ncases:\n  - prompt: a\n" }
    static func inGate(_ key: String) -> String { SuiteText.header + "gate:\n  \(key): ⟪\ncases:\n  - prompt: a\n" }
    static func inTarget(_ key: String) -> String {
        "suite: demo\ntargets:\n  ref:\n    provider: reference\n    model: next-number\n    \(key): ⟪\ncases:\n  - prompt: a\n"
    }
    static func inExpect(_ matcher: String) -> String { SuiteText.withCases("  - prompt: a\n    expect: \(matcher)\n") }

    static let share = "a number from 0 to 1"
    static let shareValues = (inside: ["0", "1", "0.5"], outside: ["-0.001", "1.001", "1e400"])

    static let places: [Place] = [
        Place(key: "temperature", text: inCase("temperature"), range: "a number of at least 0", inside: ["0", "2", "1e300"], outside: ["-0.001", "1e400"]),
        Place(key: "temperature", text: inTarget("temperature"), range: "a number of at least 0", inside: ["0"], outside: ["-1"]),
        Place(key: "top_p", text: inDefaults("top_p"), range: share, inside: shareValues.inside, outside: shareValues.outside),
        Place(key: "top_k", text: inCase("top_k"), range: "a whole number from 1 to 1000000", inside: ["1", "1000000"], outside: ["0", "1000001"]),
        Place(key: "max_tokens", text: inCase("max_tokens"), range: "a whole number from 1 to 10000000", inside: ["1", "10000000"], outside: ["0", "10000001", "99999999999999999999"]),
        Place(key: "seed", text: inCase("seed"), range: "a whole number from -9223372036854775808 to 9223372036854775807",
              inside: ["-9223372036854775808", "9223372036854775807", "-1"], outside: ["-9223372036854775809", "9223372036854775808"]),
        Place(key: "repeat", text: inCase("repeat"), range: "a whole number from 1 to 1000", inside: ["1", "1000"], outside: ["0", "1001", "1000000000"]),
        Place(key: "repeat", text: inDefaults("repeat"), range: "a whole number from 1 to 1000", inside: ["1000"], outside: ["1001"]),
        Place(key: "pass_if", text: SuiteText.withCases("  - prompt: a\n    repeat: 1000\n    pass_if: ⟪\n"),
              range: "all, majority or a whole number from 1 to 1000", inside: ["1", "1000"], outside: ["0", "1001", "-1"]),
        Place(key: "timeout", text: inCase("timeout"), range: "a number of seconds greater than 0 and at most 86400",
              inside: ["0.001", "86400", "1e-300"], outside: ["0", "-1", "86400.001", "1e300", "1e400"]),
        Place(key: "timeout", text: inDefaults("timeout"), range: "a number of seconds greater than 0 and at most 86400", inside: ["86400"], outside: ["1e300"]),
        Place(key: "max_concurrency", text: inTarget("max_concurrency"), range: "a whole number from 1 to 1024",
              inside: ["1", "1024"], outside: ["0", "1025", "9223372036854775807"]),
        Place(key: "rate_limit", text: inTarget("rate_limit"), range: "a number of requests per minute from 0.001 to 1000000",
              inside: ["0.001", "1000000", "60"], outside: ["0", "0.0009", "1000000.5", "1e-300", "1e300"]),
        Place(key: "min_pass_rate", text: inGate("min_pass_rate"), range: share, inside: shareValues.inside, outside: shareValues.outside),
        Place(key: "max_error_rate", text: inGate("max_error_rate"), range: share, inside: shareValues.inside, outside: shareValues.outside),
        Place(key: "significant_regression", text: inGate("significant_regression"), range: share, inside: shareValues.inside, outside: shareValues.outside),
        Place(key: "max_regressions", text: inGate("max_regressions"), range: "a whole number from 0 to 1000000000",
              inside: ["0", "1000000000"], outside: ["-1", "1000000001"]),
        Place(key: "tolerance", text: inExpect("{numeric: 5, tolerance: ⟪}"), range: "a number of at least 0", inside: ["0", "1e100"], outside: ["-0.001"]),
        Place(key: "rel_tolerance", text: inExpect("{numeric: 5, rel_tolerance: ⟪}"), range: "a number of at least 0", inside: ["0", "0.05"], outside: ["-0.001"]),
        Place(key: "min", text: inExpect("{similar: abc, min: ⟪}"), range: share, inside: ["0", "1"], outside: ["-0.001", "1.001"]),
        Place(key: "min", text: inExpect("{length: {min: ⟪}}"), range: "a whole number from 0 to 1000000000", inside: ["0", "1000000000"], outside: ["-1", "1000000001"]),
        Place(key: "max", text: inExpect("{length: {max: ⟪}}"), range: "a whole number from 0 to 1000000000", inside: ["0", "1000000000"], outside: ["-1", "99999999999999999999"]),
    ]

    /// One value at one place, and the message expected (nil: the suite loads).
    struct Example: CustomTestStringConvertible, Sendable {
        var text: String
        var message: String?
        var testDescription: String
    }

    static let examples: [Example] = places.flatMap { place in
        let context = place.text.split(separator: "\n").first { $0.contains("⟪") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? place.key
        func example(_ value: String, passes: Bool) -> Example {
            Example(
                text: place.text.replacingOccurrences(of: "⟪", with: "⟪" + value),
                message: passes ? nil : "\(place.key) must be \(place.range), got \(value)",
                testDescription: context.replacingOccurrences(of: "⟪", with: value) + (passes ? " loads" : " fails"))
        }
        return place.inside.map { example($0, passes: true) } + place.outside.map { example($0, passes: false) }
    }

    @Test(arguments: examples)
    func eachBound(example: Example) throws {
        let fixture = try SuiteFixture()
        let error = fixture.failure(example.text)
        guard let message = example.message else {
            #expect(error == nil, "\(error?.message ?? "")")
            return
        }
        let failure = try #require(error)
        #expect(failure.message == message)
        #expect(failure.mark == SuiteFixture.markerPosition(in: example.text))
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "infinity", "0x10", "1,000", ""])
    func notANumberIsNeverInRange(text: String) throws {
        let fixture = try SuiteFixture()
        let error = try #require(fixture.failure(Self.inCase("timeout").replacingOccurrences(of: "⟪", with: "⟪\"\(text)\"")))
        #expect(error.message == "timeout expects a number, got '\(text)'")
    }

    @Test func aSetOptionOutOfRangeNamesTheOption() throws {
        let fixture = try SuiteFixture()
        let error = try #require(fixture.failure(SuiteText.withCases("  - prompt: a\n"), sets: ["defaults.repeat=1000000000"]))
        #expect(error.message == "--set defaults.repeat=1000000000: repeat must be a whole number from 1 to 1000, got 1000000000")
    }

    @Test func everyRangeIsWordedAsDocumented() {
        #expect(NumberRange.repeatCount.description == "a whole number from 1 to 1000")
        #expect(NumberRange.timeout.description == "a number of seconds greater than 0 and at most 86400")
        #expect(NumberRange.rateLimit.description == "a number of requests per minute from 0.001 to 1000000")
        #expect(NumberRange.temperature.description == "a number of at least 0")
        #expect(NumberRange.table.allSatisfy { !$0.names.isEmpty })
    }

    @Test(arguments: [
        #"{"max_regressions": 9223372036854775807}"#, #"{"max_regressions": -1}"#, #"{"max_regressions": 1.5}"#,
        #"{"min_pass_rate": 1.5}"#, #"{"max_error_rate": -0.1}"#, #"{"significant_regression": "NaN"}"#,
    ])
    func aResultsFileGateOutOfRangeIsMalformed(json: String) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        #expect(throws: DecodingError.self) { try decoder.decode(GateConfig.self, from: Data(json.utf8)) }
    }

    @Test func aResultsFileGateInRangeDecodes() throws {
        let json = #"{"min_pass_rate": 1, "max_regressions": 1000000000, "significant_regression": null, "max_error_rate": 0}"#
        let gate = try JSONDecoder().decode(GateConfig.self, from: Data(json.utf8))
        #expect(gate == GateConfig(minPassRate: 1, maxRegressions: 1_000_000_000, significantRegression: nil, maxErrorRate: 0))
    }

    @Test func clampedDurationsNeverTrap() {
        #expect(Duration.clampedSeconds(1e300) == .seconds(Duration.longestWait))
        #expect(Duration.clampedSeconds(.infinity) == .seconds(Duration.longestWait))
        #expect(Duration.clampedSeconds(.nan) == .zero)
        #expect(Duration.clampedSeconds(-5) == .zero)
        #expect(Duration.clampedSeconds(1.5) == .milliseconds(1500))
    }
}
