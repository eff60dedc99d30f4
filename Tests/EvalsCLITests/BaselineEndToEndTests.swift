@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// `--baseline base --target tuned` end to end (SPEC §7.2, §7.3, §9): two Gemini targets talking
/// to the in-process fake server, whose `base` model answers plain digits right and everything
/// else in ungrouped digits, and whose `next-number` model is always right.
@Suite("Baseline comparison end to end")
struct BaselineEndToEndTests {
    let key = "test-key-\(UUID().uuidString)"

    /// Cases chosen for their transitions from `base` to `tuned`.
    static let transitions: [String: String] = [
        "one": "still_passing", "forty-one": "still_passing",
        "grouped": "fixed", "words": "fixed", "roman": "fixed",
        "ungrouped": "regressed",
        "nonsense": "still_failing",
    ]

    func suite(_ scratch: Scratch, server: FakeModelServer) throws -> String {
        try scratch.write("cmp.yaml-lite", """
            suite: cmp
            default_target: tuned
            targets:
              base:
                provider: gemini
                base_url: \(server.baseURL)/v1beta
                model: models/base
              tuned:
                provider: gemini
                base_url: \(server.baseURL)/v1beta
                model: tunedModels/next-number
            gate:
              max_regressions: 0
              significant_regression: 0.05
            cases:
              - {id: one, prompt: "1", expect: "2", tags: [digits]}
              - {id: forty-one, prompt: "41", expect: "42", tags: [digits]}
              - {id: grouped, prompt: "9,999", expect: "10,000", tags: [digits]}
              - {id: words, prompt: ninety nine, expect: one hundred, tags: [words]}
              - {id: roman, prompt: XLIX, expect: L, tags: [roman]}
              - {id: ungrouped, prompt: "1,000", expect: "1001", tags: [digits]}
              - {id: nonsense, prompt: hello, expect: "x"}
            """)
    }

    /// The 95% Wilson score interval, computed here independently of EvalKit.
    func wilson(_ successes: Double, _ trials: Double) -> (low: Double, high: Double) {
        let z = 1.959963984540054, p = successes / trials
        let centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
        let half = z / (1 + z * z / trials) * (p * (1 - p) / trials + z * z / (4 * trials * trials)).squareRoot()
        return (centre - half, centre + half)
    }

    @Test func theTunedModelIsComparedCaseByCaseAndGated() async throws {
        let server = try FakeModelServer(FakeModelServer.Configuration(requiredKey: key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try suite(scratch, server: server)
        let result = await scratch.run([path, "--baseline", "base", "--target", "tuned"], environment: ["GEMINI_API_KEY": key])
        #expect(result.code == 1, "\(result.stderr)\(result.stdout)")

        let results = try scratch.results()
        #expect(results.suite["baseline"] as? String == "base")
        #expect(results.target("base")?["judged"] as? Bool == false)
        #expect(results.target("tuned")?["judged"] as? Bool == true)
        #expect(results.field("transition", of: "tuned") == Self.transitions)
        #expect(results.value("output_changed", of: "tuned", case: "ungrouped") as? Bool == true)
        #expect(results.value("output_changed", of: "tuned", case: "one") as? Bool == false)
        #expect(results.field("output", of: "base")["grouped"] == "10000")

        let comparison = try #require(results.comparisons.first)
        #expect(results.comparisons.count == 1)
        #expect(comparison["baseline"] as? String == "base" && comparison["candidate"] as? String == "tuned")
        #expect(comparison["fixed"] as? Int == 3)
        #expect(comparison["regressed"] as? Int == 1)
        #expect(comparison["still_passing"] as? Int == 2)
        #expect(comparison["still_failing"] as? Int == 1)
        #expect(comparison["incomparable"] as? Int == 0)
        #expect(comparison["changed_outputs"] as? Int == 4)
        // Exact McNemar over 1 regressed vs 3 fixed: 2 · P(X ≤ 1), X ~ Binomial(4, ½).
        let p = try #require(comparison["mcnemar_p"] as? Double)
        #expect(abs(p - 2 * (1 + 4) / 16.0) < 1e-12)
        for (side, passed) in [("baseline_pass_rate", 3.0), ("candidate_pass_rate", 5.0)] {
            let rate = try #require(comparison[side] as? [String: Double], "\(side)")
            let expected = wilson(passed, 7)
            #expect(abs(rate["rate"]! - passed / 7) < 1e-12)
            #expect(abs(rate["low"]! - expected.low) < 1e-9 && abs(rate["high"]! - expected.high) < 1e-9, "\(side): \(rate)")
        }

        let text = result.stdout
        #expect(text == scratch.read("reports/report.txt"))
        let table = text.components(separatedBy: "\n").drop { !$0.hasPrefix("comparison base → tuned:") }
        let rows = table.dropFirst().prefix { $0.hasPrefix("  REGRESSED") || $0.hasPrefix("  FIXED") || $0.hasPrefix("  CHANGED") }
        #expect(rows.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["REGRESSED ungrouped", "FIXED grouped", "FIXED words", "FIXED roman"], "\(text)")
        #expect(rows.first?.hasSuffix("\"1001\" → \"1,001\"") == true)
        #expect(text.contains("fixed 3, regressed 1, still passing 2, still failing 1, incomparable 0, outputs changed 4; McNemar p = 0.625"))
        #expect(text.contains("  GATE min_pass_rate[tuned] 0.714 >= 1.000 FAIL\n"))
        #expect(text.contains("  GATE max_regressions[tuned] 1 <= 0 FAIL\n"))
        #expect(text.contains("  GATE significant_regression[tuned] not worse than base (regressed 1 <= fixed 3) PASS\n"))
        #expect(text.hasSuffix("tuned: 5 passed, 2 failed, 0 errors, 0 skipped (pass rate 71.4%)\n"))
        #expect(!text.contains("\nbase: "), "the baseline has no closing line")

        let junit = try scratch.junit()
        #expect(junit.suiteNames == ["cmp[tuned]"], "the baseline is not a testsuite")
        #expect(Set(junit.cases.map(\.classname)) == ["cmp.tuned"])
        #expect(junit.cases.filter { $0.verdict == "failure" }.map(\.name) == ["ungrouped", "nonsense"])

        #expect(scratch.files(under: "golden") == ["cmp/tuned.golden.new"], "golden files are for judged targets only")

        let requests = server.requests.filter { $0.path.hasSuffix(":generateContent") }
        #expect(requests.count == 14)
        #expect(Set(requests.map(\.path)) == ["/v1beta/models/base:generateContent", "/v1beta/tunedModels/next-number:generateContent"])
        #expect(requests.allSatisfy { !$0.target.contains(key) && !$0.target.contains("key=") }, "the key never goes in the URL")
        #expect(requests.allSatisfy { $0.header("x-goog-api-key") == key })
        for file in scratch.files() where file != "cmp.yaml-lite" {
            let bytes = try #require(scratch.data(file))
            #expect(!String(decoding: bytes, as: UTF8.self).contains(key), "\(file) holds the key")
        }
        #expect(!result.stdout.contains(key) && !result.stderr.contains(key))
    }

    @Test func gateOptionsDecideTheExitCode() async throws {
        let server = try FakeModelServer(FakeModelServer.Configuration(requiredKey: key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try suite(scratch, server: server)
        let environment = ["GEMINI_API_KEY": key]

        let relaxed = await scratch.run([path, "--baseline", "base", "--golden", "off", "--min-pass-rate", "0.7", "--max-regressions", "1"], environment: environment)
        #expect(relaxed.code == 0, "\(relaxed.stdout)")
        #expect(relaxed.stdout.contains("GATE min_pass_rate[tuned] 0.714 >= 0.700 PASS"))
        #expect(relaxed.stdout.contains("GATE max_regressions[tuned] 1 <= 1 PASS"))
        let recorded = try scratch.results().suite["gate"] as? [String: Any]
        #expect(recorded?["min_pass_rate"] as? Double == 0.7 && recorded?["max_regressions"] as? Int == 1)

        let regressions = await scratch.run([path, "--baseline", "base", "--golden", "off", "--min-pass-rate", "0.7"], environment: environment)
        #expect(regressions.code == 1, "max_regressions 0 still fails")
        let verdicts = try scratch.results().gates.map { "\($0["gate"] as? String ?? "") \($0["passed"] as? Bool == true ? "PASS" : "FAIL")" }
        #expect(verdicts == ["min_pass_rate PASS", "max_regressions FAIL", "significant_regression PASS", "max_error_rate PASS"])

        let missingKey = await scratch.run([path, "--baseline", "base"])
        #expect(missingKey.code == 2, "an unset key is exit 2 before anything is sent")
        #expect(missingKey.stderr.contains("GEMINI_API_KEY"))
        #expect(server.requests.filter { $0.path.hasSuffix(":generateContent") }.count == 28)
    }
}
