@testable import EvalsCLI
import FakeModelServer
import Foundation
import Testing

/// The README's CI example end to end (issue 7): the repository's own next-number suite run with
/// `--baseline base --target tuned` in CI mode, with no golden files yet, against the in-process
/// fake server, whose `base` model answers plain digits only and whose tuned model is right.
@Suite("The README's CI example end to end")
struct CIExampleEndToEndTests {
    let key = "test-key-\(UUID().uuidString)"

    /// The repository's suite, copied into the scratch folder (so no golden folder is near it),
    /// with `extra` cases appended.
    func suite(_ scratch: Scratch, extra: String = "") throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("suites/next-number.yaml-lite"), encoding: .utf8)
        return try scratch.write("suites/next-number.yaml-lite", text + extra)
    }

    /// The README's command line, its endpoints pointed at the fake server.
    func arguments(_ path: String, server: FakeModelServer) -> [String] {
        [path, "--baseline", "base", "--target", "tuned",
         "--set", "targets.base.base_url=\(server.baseURL)/v1beta", "--set", "targets.base.model=models/base",
         "--set", "targets.tuned.base_url=\(server.baseURL)/v1beta"]
    }

    var environment: [String: String] {
        ["CI": "true", "GEMINI_API_KEY": key, "TUNED_MODEL": "tunedModels/next-number"]
    }

    @Test func aCorrectTunedModelPassesItsFirstCIRunWithNoRegressions() async throws {
        let server = try FakeModelServer(FakeModelServer.Configuration(requiredKey: key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try suite(scratch)
        let result = await scratch.run(arguments(path, server: server), environment: environment)
        #expect(result.code == 0, "\(result.stderr)\(result.stdout)")

        let results = try scratch.results()
        let cases = results.cases("tuned")
        #expect(cases.count == 31)
        #expect(cases.allSatisfy { $0["outcome"] as? String == "passed" && $0["golden"] as? String == "new" })
        #expect(cases.allSatisfy { $0["matcher_verdict"] as? String == "passed" })
        let comparison = try #require(results.comparisons.first)
        #expect(comparison["regressed"] as? Int == 0)
        let fixed = try #require(comparison["fixed"] as? Int)
        #expect(fixed > 0, "the base model gets words and numerals wrong")
        #expect(results.gates.allSatisfy { $0["passed"] as? Bool == true }, "\(results.gates)")

        #expect(result.stdout.hasSuffix("tuned: 31 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  GATE max_regressions[tuned] 0 <= 0 PASS\n"))
        #expect(result.stdout.contains("  GATE significant_regression[tuned] not worse than base (regressed 0 <= fixed \(fixed)) PASS\n"), "\(result.stdout)")
        let goldenLines = result.stderr.split(separator: "\n").filter { $0.contains("golden: ") }
        #expect(goldenLines.count == 1, "one line for the first run's new entries: \(result.stderr)")
        #expect(goldenLines.first?.contains("golden: 31 new entries for next-number[tuned]") == true, "\(result.stderr)")
        #expect(!result.stdout.contains("NEW tuned digits-1"), "the text report summarises the new entries too")
        #expect(result.stdout.contains("  NEW tuned: 31 new entries (digits-1, digits-3, digits-minus-3, words-twenty-two, words-two-hundred, …)"), "\(result.stdout)")
        #expect(scratch.files(under: "golden").isEmpty && !scratch.exists("suites/golden"), "CI mode writes no golden file")
        #expect(try scratch.junit().cases.allSatisfy { $0.verdict == nil })
    }

    @Test func aGoldenOnlyCaseWithoutAnEntryFailsButIsNoRegression() async throws {
        let server = try FakeModelServer(FakeModelServer.Configuration(requiredKey: key))
        defer { server.stop() }
        let scratch = try Scratch()
        let path = try suite(scratch, extra: "  - {id: free-form, prompt: \"5\"}\n")
        let result = await scratch.run(arguments(path, server: server), environment: environment)
        #expect(result.code == 1, "\(result.stderr)\(result.stdout)")

        let results = try scratch.results()
        #expect(results.value("outcome", of: "tuned", case: "free-form") as? String == "failed")
        #expect(results.value("golden", of: "tuned", case: "free-form") as? String == "new")
        #expect(results.value("matcher_verdict", of: "tuned", case: "free-form") is NSNull)
        #expect(results.value("transition", of: "tuned", case: "free-form") as? String == "incomparable")
        let comparison = try #require(results.comparisons.first)
        #expect(comparison["regressed"] as? Int == 0 && comparison["incomparable"] as? Int == 1)
        let junit = try scratch.junit()
        #expect(junit.cases.filter { $0.verdict != nil }.map(\.name) == ["free-form"])
        #expect(junit.testcase("free-form")?.type == "golden")
        #expect(result.stdout.contains("  GATE min_pass_rate[tuned] 0.969 >= 1.000 FAIL\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  GATE max_regressions[tuned] 0 <= 0 PASS\n"))
    }
}
