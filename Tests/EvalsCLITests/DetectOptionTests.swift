@testable import EvalsCLI
import Testing

/// `--detect X` (SPEC §15): the change whose required cases a comparison reports, for `run`,
/// `compare` and `merge`.
@Suite("--detect")
struct DetectOptionTests {
    @Test(arguments: [
        (["a.yaml-lite", "--detect", "0.1"], 0.1),
        (["a.yaml-lite", "--detect=1"], 1.0),
        (["compare", "old.json", "new.json", "--detect", "0.02"], 0.02),
        (["merge", "s1.json", "s2.json", "--detect", "0.5"], 0.5),
    ])
    func isParsed(arguments: [String], value: Double) throws {
        #expect(try ArgumentParser.parse(arguments).options.detect == value)
    }

    @Test func isNilUnlessGiven() throws {
        #expect(try ArgumentParser.parse(["a.yaml-lite"]).options.detect == nil)
    }

    @Test(arguments: [("0", "0"), ("-0.05", "-0.05"), ("1.5", "1.5"), ("five", "'five'"), ("nan", "'nan'"), ("inf", "'inf'"), ("", "''")])
    func outOfRangeIsAUsageError(value: String, shown: String) {
        #expect(throws: UsageError("--detect must be a number greater than 0 and at most 1, got \(shown)")) {
            try ArgumentParser.parse(["a.yaml-lite", "--detect", value])
        }
    }

    @Test func isNoOptionOfCheck() {
        #expect(throws: UsageError("--detect is not an option of `evals check`; see `evals check --help`")) {
            try ArgumentParser.parse(["check", "a.yaml-lite", "--detect", "0.1"])
        }
    }

    /// The saved runs of `CompareCommandTests`: 4 cases, 1 fixed, 1 regressed, 2 still passing,
    /// so var(d) = 2/3 and 7.849 · (2/3) / 0.5² = 20.9 → 21 cases detect 50 points; 5 points
    /// take 7.849 · (2/3) / 0.05² = 2,093.1 → 2,094.
    @Test func compareReportsTheCasesNeededForTheGivenChange() async throws {
        let scratch = try Scratch()
        let runs = try await CompareCommandTests().savedRuns(scratch)
        let result = await scratch.run(["compare", runs.old, runs.new, "--detect", "0.5", "--json", scratch.path("cmp.json")])
        #expect(result.code == 1)
        let comparison = try #require(try scratch.results("cmp.json").comparisons.first)
        #expect(comparison["detect"] as? Double == 0.5)
        #expect(comparison["cases_needed"] as? Int == 21)
        #expect(comparison["paired_cases"] as? Int == 4)
        #expect(result.stdout.contains("; 21 cases would detect 50\n"), "\(result.stdout)")

        let plain = await scratch.run(["compare", runs.old, runs.new, "--json", scratch.path("plain.json")])
        #expect(try scratch.results("plain.json").comparisons.first?["cases_needed"] as? Int == 2094)
        #expect(plain.stdout.contains("; 2,094 cases would detect 5\n"), "\(plain.stdout)")
    }
}
