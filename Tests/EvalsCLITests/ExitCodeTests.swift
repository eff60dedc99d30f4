@testable import EvalsCLI
import Foundation
import Testing

/// Exit codes of SPEC §2, driven through suites whose target is a local `command` provider.
@Suite("Exit codes")
struct ExitCodeTests {
    /// A suite whose target runs `script` under /bin/sh with the prompt on stdin.
    func suite(script: String, cases: String, gate: String = "", extraTarget: String = "") -> String {
        """
        suite: exits
        default_target: local
        targets:
          local:
            provider: command
            run: [/bin/sh, -c, "\(script)"]
        \(extraTarget)
        \(gate)
        cases:
        \(cases)
        """
    }

    let echoCases = """
      - {id: two, prompt: "2", expect: "2"}
      - {id: three, prompt: "3", expect: "3"}
    """

    @Test func everyCasePassingExitsZero() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: echoCases))
        let result = await scratch.run([path])
        #expect(result.code == 0, "\(result.stderr)\(result.stdout)")
        #expect(result.stdout.contains("local: 2 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)"))
    }

    @Test func aFailedCaseExitsOne() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: echoCases + "\n  - {id: wrong, prompt: \"2\", expect: \"3\"}"))
        let result = await scratch.run([path])
        #expect(result.code == 1)
        #expect(result.stdout.contains("FAIL local wrong: expected \"3\", got \"2\""))
        #expect(result.stdout.contains("local: 2 passed, 1 failed, 0 errors, 0 skipped (pass rate 66.6%)"))
    }

    @Test func errorsAloneExitThree() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "exit 7", cases: echoCases))
        let result = await scratch.run([path, "--retries", "0"])
        #expect(result.code == 3, "\(result.stdout)")
        #expect(result.stdout.contains("local: 0 passed, 0 failed, 2 errors, 0 skipped (pass rate n/a)"))
    }

    @Test func errorsWithinTheAllowedRateExitZero() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "exit 7", cases: echoCases))
        let result = await scratch.run([path, "--retries", "0", "--max-error-rate", "1"])
        #expect(result.code == 0, "\(result.stdout)")
    }

    @Test func aMissingVariableExitsTwoBeforeAnythingIsSent() async throws {
        let scratch = try Scratch()
        let marker = scratch.path("sent")
        let text = """
        suite: vars
        targets:
          local:
            provider: command
            run: [/bin/sh, -c, "touch \(marker); cat", "${EVALS_TEST_UNSET_VARIABLE}"]
        cases:
          - {id: one, prompt: "1", expect: "1"}
        """
        let path = try scratch.write("s.yaml-lite", text)
        let result = await scratch.run([path])
        #expect(result.code == 2)
        #expect(result.stderr.contains("EVALS_TEST_UNSET_VARIABLE"))
        #expect(!scratch.exists("sent"), "nothing may be sent when a variable is missing")
        let junit = try #require(scratch.read("reports/junit.xml"))
        #expect(junit.contains("name=\"harness\""))
        #expect(junit.contains("EVALS_TEST_UNSET_VARIABLE"))
    }

    @Test func anEmptySelectionIsAUsageError() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: echoCases))
        let result = await scratch.run([path, "--filter", "nothing-matches-this"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("the selection matched no case"))
    }

    /// The library reports the invalid filter; the command line words it with the option's name.
    @Test func anInvalidFilterIsAUsageErrorNamingTheOption() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: echoCases))
        let result = await scratch.run([path, "--filter", "("])
        #expect(result.code == 2)
        #expect(result.stderr.contains("--filter '(' is not a valid regular expression: "), "\(result.stderr)")
    }

    @Test func anEmptyShardIsNotAnError() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: "  - {id: only, prompt: \"1\", expect: \"2\"}"))
        var codes: [Int32] = []
        for k in 1...4 {
            codes.append(await scratch.run([path, "--shard", "\(k)/4", "--out", scratch.path("shard-\(k)")]).code)
        }
        #expect(codes == [0, 0, 0, 0], "a shard defers exit code 1 to merge")
    }

    @Test func anInvalidSuiteNamesFileLineAndColumn() async throws {
        let scratch = try Scratch()
        let path = try scratch.write("bad.yaml-lite", "suite: bad\ntargets:\n  local:\n    provider: command\n    runn: [cat]\ncases:\n  - {id: a, prompt: x}\n")
        let result = await scratch.run(["check", path])
        #expect(result.code == 2)
        #expect(result.stderr.contains("\(path):5:5: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'run'?"))
        #expect(result.stderr.contains("    runn: [cat]\n    ^"))
    }

    @Test func aMissingSuiteFileIsAUsageError() async throws {
        let scratch = try Scratch()
        let result = await scratch.run([scratch.path("nope.yaml-lite")])
        #expect(result.code == 2)
        #expect(result.stderr.contains("nope.yaml-lite"))
    }

    @Test func anUnknownOptionIsAUsageErrorWithAHint() async throws {
        let scratch = try Scratch()
        let result = await scratch.run(["x.yaml-lite", "--tagg", "a"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("did you mean '--tag'?"))
        let junit = try #require(scratch.read("reports/junit.xml"), "the harness report goes to --out, not to the working folder")
        #expect(junit.contains("name=\"harness\"") && junit.contains("unknown option '--tagg'"))
    }

    @Test(arguments: [["--junit", "ci/junit.xml"], ["--junit=ci/junit.xml"]])
    func aCommandLineThatDoesNotParseWritesItsHarnessReportAtTheGivenPath(junit: [String]) async throws {
        let scratch = try Scratch()
        let result = await scratch.run(["x.yaml-lite", "--concurrency", "zero"] + junit.map { $0.replacingOccurrences(of: "ci/", with: scratch.path("ci") + "/") })
        #expect(result.code == 2)
        let xml = try #require(scratch.read("ci/junit.xml"))
        #expect(xml.contains("--concurrency must be a whole number from 1 to 1024"))
        #expect(!scratch.exists("reports/junit.xml"))
    }

    /// Reports of an earlier run in `reports/` of the scratch folder.
    func writeStaleReports(_ scratch: Scratch) throws {
        for name in ["junit.xml", "results.json", "report.txt", "report.html"] {
            try scratch.write("reports/\(name)", "an earlier run's \(name)")
        }
    }

    @Test func aUsageErrorRemovesTheEarlierRunsReportsAndWritesTheHarnessReport() async throws {
        let scratch = try Scratch()
        try writeStaleReports(scratch)
        let path = try scratch.write("s.yaml-lite", suite(script: "cat", cases: echoCases))
        let result = await scratch.run([path, "--filter", "nothing-matches-this"])
        #expect(result.code == 2)
        #expect(scratch.files(under: "reports") == ["junit.xml"])
        #expect(try #require(scratch.read("reports/junit.xml")).contains("the selection matched no case"))
    }

    @Test func aCommandLineThatDoesNotParseRemovesTheEarlierRunsReportsToo() async throws {
        let scratch = try Scratch()
        try writeStaleReports(scratch)
        try scratch.write("elsewhere/results.json", "an earlier run's results")
        let result = await scratch.run(["x.yaml-lite", "--tagg", "a", "--json", scratch.path("elsewhere/results.json")])
        #expect(result.code == 2)
        #expect(scratch.files(under: "reports") == ["junit.xml", "results.json"], "--json moved results.json elsewhere")
        #expect(scratch.files(under: "elsewhere").isEmpty)
    }

    @Test func helpAndVersionExitZero() async throws {
        let scratch = try Scratch()
        let help = await scratch.run(["--help"])
        #expect(help.code == 0 && help.stdout.contains("USAGE"))
        let version = await scratch.run(["--version"])
        #expect(version.code == 0 && version.stdout.hasPrefix("evals "))
    }
}
