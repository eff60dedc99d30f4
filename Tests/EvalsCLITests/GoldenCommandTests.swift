@testable import EvalsCLI
import EvalKit
import Foundation
import Testing

/// Golden files through the command line (SPEC §7.1): every mode in and out of CI mode, `accept`,
/// changed, new and obsolete entries, strictness, `golden_matcher`, broken files, and what each
/// run leaves on disk. Targets are `command` programs printing files of the scratch folder.
@Suite("Golden files from the command line")
struct GoldenCommandTests {
    /// A suite `g` with the given targets (command targets of `scratch`) and cases.
    func suite(_ scratch: Scratch, cases: String, targets: [String] = ["local"], extra: String = "") throws -> String {
        let text = """
        suite: g
        default_target: local
        targets:
        \(targets.map(scratch.commandTarget).joined(separator: "\n"))
        \(extra)
        cases:
        \(cases)
        """
        return try scratch.write("g.yaml-lite", text)
    }

    let twoCases = """
      - {id: first, prompt: "1", expect: "2"}
      - {id: second, prompt: hello world}
    """

    let golden = "golden/g/local.golden"
    let pending = "golden/g/local.golden.new"

    /// Writes answers, then records them with `--golden update`.
    func recorded(_ scratch: Scratch, _ answers: [String: String], cases: String, extra: String = "") async throws -> String {
        try scratch.answers("local", answers)
        let path = try suite(scratch, cases: cases, extra: extra)
        let update = await scratch.run([path, "--golden", "update", "--out", scratch.path("update")])
        try #require(update.code == 0, "\(update.stderr)\(update.stdout)")
        return path
    }

    // MARK: New entries, in and out of CI mode

    /// Where CI mode comes from, and whether it is on.
    struct CIMode: Sendable, CustomTestStringConvertible {
        var environment: [String: String]
        var flags: [String]
        var on: Bool

        var testDescription: String {
            let variable = environment["CI"].map { "CI=\"\($0)\"" } ?? "CI unset"
            return ([variable] + flags).joined(separator: " ") + (on ? " → CI mode" : " → not CI mode")
        }

        static let all: [CIMode] = [
            CIMode(environment: [:], flags: [], on: false),
            CIMode(environment: ["CI": ""], flags: [], on: false),
            CIMode(environment: ["CI": "0"], flags: [], on: false),
            CIMode(environment: ["CI": "false"], flags: [], on: false),
            CIMode(environment: ["CI": "FALSE"], flags: [], on: false),
            CIMode(environment: ["CI": "true"], flags: ["--no-ci"], on: false),
            CIMode(environment: ["CI": "true"], flags: [], on: true),
            CIMode(environment: ["CI": "1"], flags: [], on: true),
            CIMode(environment: [:], flags: ["--ci"], on: true),
        ]
    }

    @Test(arguments: CIMode.all)
    func newEntriesPassAndArePendingOutsideCIAndFailInCI(mode: CIMode) async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        let result = await scratch.run([path] + mode.flags, environment: mode.environment)
        let results = try scratch.results()
        #expect(results.field("golden", of: "local") == ["first": "new", "second": "new"])
        let junit = try scratch.junit()
        if mode.on {
            // A missing entry fails in CI only where a difference would: `second` is golden-only,
            // `first` has expect, so it passes with a warning.
            #expect(result.code == 1, "\(result.stdout)")
            #expect(results.field("outcome", of: "local") == ["first": "passed", "second": "failed"])
            #expect(junit.cases.map(\.type) == [nil, "golden"])
            #expect(junit.testcase("second")?.message?.contains("CI mode writes no golden files") == true)
            #expect(result.stderr.contains("golden: local/first is new (got \"2\"); CI mode writes no golden files"), "\(result.stderr)")
            #expect(scratch.files(under: "golden").isEmpty, "CI mode writes no golden or .new file")
            #expect(result.stdout.contains("to accept: run without CI mode, review the diff, then `evals accept \(path) --target local`"), "\(result.stdout)")
        } else {
            #expect(result.code == 0, "\(result.stderr)\(result.stdout)")
            #expect(results.field("outcome", of: "local") == ["first": "passed", "second": "passed"])
            #expect(junit.cases.allSatisfy { $0.verdict == nil && $0.systemOut.contains("golden: no golden entry yet (new)") })
            #expect(scratch.files(under: "golden") == ["g/local.golden.new"])
            #expect(result.stderr.contains("golden: 2 new entries for g[local] (first, second); recorded in the pending file; run `evals accept \(path) --target local` to accept it\n"), "\(result.stderr)")
            #expect(result.stderr.components(separatedBy: "golden: ").count == 2, "one line for all the new entries: \(result.stderr)")
            #expect(result.stdout.contains("to accept: `evals accept \(path) --target local`"))
            let written = try #require(try GoldenStore(directory: scratch.path("golden")).readPending(suite: "g", target: "local"))
            #expect(written.entries.map(\.output) == ["2", "hi"])
        }
    }

    @Test func checkInCIModeCallsMissingEntriesErrors() async throws {
        let scratch = try Scratch()
        let path = try suite(scratch, cases: twoCases)
        let ci = await scratch.run(["check", path], environment: ["CI": "true"])
        #expect(ci.code == 2)
        #expect(ci.stderr.contains("\(path):10:5: error: case 'second' has no golden entry for target local (CI mode), and a CI run fails it (it has no expect)"), "\(ci.stderr)")
        #expect(!ci.stderr.contains("error: case 'first'"), "a case with expect would only warn in a CI run: \(ci.stderr)")
        #expect(ci.stderr.contains("warning: 1 case has no golden entry for target local of \(path) (first); in CI mode that is only a warning"), "\(ci.stderr)")
        let expectOnly = await scratch.run(["check", path, "--ci", "--filter", "first"])
        #expect(expectOnly.code == 0, "\(expectOnly.stderr)")
        #expect(expectOnly.stdout == "\(path): ok (2 cases, 1 targets; golden: none)\n")
        let local = await scratch.run(["check", path], environment: ["CI": "false"])
        #expect(local.code == 0, "\(local.stderr)")
        #expect(local.stdout == "\(path): ok (2 cases, 1 targets; golden: none)\n")
        #expect(scratch.files() == ["g.yaml-lite"], "check writes nothing")

        try scratch.write(golden, "cases:\n  first:\n    output: \"2\"\n")
        let partial = await scratch.run(["check", path, "--ci"])
        #expect(partial.code == 2)
        #expect(!partial.stderr.contains("case 'first'") && partial.stderr.contains("\(path):10:5: error: case 'second' has no golden entry"), "\(partial.stderr)")
        #expect(await scratch.run(["check", path, "--ci", "--filter", "first"]).code == 0)

        try FileManager.default.removeItem(atPath: scratch.path(golden))
        let strictPath = try suite(scratch, cases: twoCases, extra: "golden_strict: true")
        let strict = await scratch.run(["check", strictPath, "--ci", "--filter", "first"])
        #expect(strict.code == 2)
        #expect(strict.stderr.contains("case 'first' has no golden entry for target local (CI mode), and a CI run fails it (golden checks are strict)"), "\(strict.stderr)")
    }

    @Test func aFirstCIRunPassesCasesWithExpectAndFailsStrictOnes() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2"])
        let cases = "  - {id: first, prompt: \"1\", expect: \"2\"}\n"
        let lenient = await scratch.run([try suite(scratch, cases: cases), "--ci"])
        #expect(lenient.code == 0, "\(lenient.stderr)\(lenient.stdout)")
        #expect(try scratch.results().field("golden", of: "local") == ["first": "new"])
        let strictFlag = await scratch.run([try suite(scratch, cases: cases), "--ci", "--golden-strict"])
        #expect(strictFlag.code == 1)
        #expect(try scratch.junit().testcase("first")?.type == "golden")
        let strictSuite = await scratch.run([try suite(scratch, cases: cases, extra: "golden_strict: true"), "--ci"])
        #expect(strictSuite.code == 1)
        #expect(scratch.files(under: "golden").isEmpty, "CI mode writes nothing")
    }

    // MARK: update

    @Test func updateWritesTheGoldenFileInSuiteOrder() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi: there\n"])
        let path = try suite(scratch, cases: twoCases)
        let result = await scratch.run([path, "--golden", "update"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(scratch.read(golden) == """
            # Golden outputs of suite g, target local. Written by evals; review changes like code.
            cases:
              first:
                prompt: "1"
                output: "2"
              second:
                prompt: hello world
                output: "hi: there\\n"

            """)
        #expect(try scratch.results().field("golden", of: "local") == ["first": "updated", "second": "updated"])
        #expect(result.stdout.contains("UPDATED local: 2 golden entries written"))
        let again = await scratch.run([path])
        #expect(again.code == 0)
        #expect(try scratch.results().field("golden", of: "local") == ["first": "unchanged", "second": "unchanged"])
        #expect(!scratch.exists(pending), "nothing differs, so nothing is pending")
    }

    @Test func updateWritesWhenCIModeComesFromTheEnvironment() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        let result = await scratch.run([path, "--golden", "update"], environment: ["CI": "true"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(scratch.files(under: "golden") == ["g/local.golden"])
    }

    @Test func updateWithAnExplicitCIFlagIsAUsageError() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        let result = await scratch.run([path, "--golden", "update", "--ci"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("--golden update writes golden files and cannot be combined with --ci"))
        #expect(scratch.files(under: "golden").isEmpty)
        #expect(try scratch.junit().cases.map(\.name) == ["harness"])
    }

    @Test func updateDeletesAStalePendingFile() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        _ = await scratch.run([path])
        #expect(scratch.exists(pending))
        let update = await scratch.run([path, "--golden", "update"])
        #expect(update.code == 0)
        #expect(scratch.files(under: "golden") == ["g/local.golden"])
    }

    @Test func erroringAndUnselectedCasesKeepTheirOldEntriesOnUpdate() async throws {
        let scratch = try Scratch()
        let cases = """
          - {id: a, prompt: a}
          - {id: b, prompt: b}
          - {id: c, prompt: c}
        """
        let path = try await recorded(scratch, ["a": "old a", "b": "old b", "c": "old c"], cases: cases)
        try scratch.answers("local", ["a": "new a", "c": "new c"])
        try scratch.removeAnswer("local", "b")
        let result = await scratch.run([path, "--golden", "update", "--retries", "0", "--filter", "^[ab]$"])
        #expect(result.code == 3, "b ends in error: \(result.stdout)")
        let file = try #require(try GoldenStore(directory: scratch.path("golden")).read(suite: "g", target: "local"))
        #expect(file.entries.map(\.id) == ["a", "b", "c"])
        #expect(file.entries.map(\.output) == ["new a", "old b", "old c"])
        #expect(try scratch.results().field("golden", of: "local") == ["a": "updated", "b": "off"], "c was not selected: it is not in the results")
    }

    // MARK: accept

    @Test func acceptMovesThePendingFileOverTheGoldenFile() async throws {
        let scratch = try Scratch()
        let path = try await recorded(scratch, ["first": "2", "second": "hi"], cases: twoCases)
        try scratch.answers("local", ["second": "hello"])
        let check = await scratch.run([path])
        #expect(check.code == 1, "second is golden-only, so its change fails it")
        let proposed = try #require(scratch.data(pending))
        let before = scratch.data(golden)
        #expect(before != proposed)

        let refused = await scratch.run(["accept", path, "--ci"])
        #expect(refused.code == 2)
        #expect(refused.stderr.contains("cannot be combined with --ci"))
        #expect(scratch.data(golden) == before && scratch.data(pending) == proposed, "a refused accept moves nothing")

        let accepted = await scratch.run(["accept", path, "--target", "local"], environment: ["CI": "true"])
        #expect(accepted.code == 0, "\(accepted.stderr)")
        #expect(accepted.stdout == "accepted \(scratch.path(golden))\n")
        #expect(scratch.data(golden) == proposed)
        #expect(!scratch.exists(pending))

        let brokenProposal = "cases:\n  first:\n    output: [2\n"
        try scratch.write(pending, brokenProposal)
        let broken = await scratch.run(["accept", path])
        #expect(broken.code == 2)
        #expect(broken.stderr.hasPrefix("\(scratch.path(pending)):3:13: error: "), "\(broken.stderr)")
        #expect(scratch.data(golden) == proposed && scratch.read(pending) == brokenProposal, "an invalid proposal is never accepted")
        try FileManager.default.removeItem(atPath: scratch.path(pending))

        let nothing = await scratch.run(["accept", path])
        #expect(nothing.code == 0)
        #expect(nothing.stdout.hasPrefix("nothing to accept for g[local]"))
        let after = await scratch.run([path])
        #expect(after.code == 0, "\(after.stdout)")
    }

    @Test func acceptWithASelectionPromotesOnlyTheSelectedEntries() async throws {
        let scratch = try Scratch()
        let cases = """
          - {id: a, prompt: "1", tags: [x]}
          - {id: b, prompt: "2"}
          - {id: c, prompt: "3"}
        """
        let path = try await recorded(scratch, ["a": "1", "b": "1", "c": "1"], cases: cases)
        try scratch.answers("local", ["a": "2", "b": "2", "c": "2"])
        #expect(await scratch.run([path, "--no-ci"]).code == 1, "golden-only cases that changed fail")
        let proposed = try #require(scratch.data(pending))
        let store = GoldenStore(directory: scratch.path("golden"))
        func entries() throws -> [String] {
            try #require(try store.read(suite: "g", target: "local")).entries.map { "\($0.id)=\($0.output)" }
        }

        let tagged = await scratch.run(["accept", path, "--tag", "x"])
        #expect(tagged.code == 0, "\(tagged.stderr)")
        #expect(tagged.stdout == "accepted 1 selected entry into \(scratch.path(golden)); 2 still pending in \(scratch.path(pending))\n")
        #expect(try entries() == ["a=2", "b=1", "c=1"])
        #expect(scratch.data(pending) == proposed, "the other changes stay pending")

        let filtered = await scratch.run(["accept", path, "--filter", "^b$"])
        #expect(filtered.stdout.hasPrefix("accepted 1 selected entry"), "\(filtered.stdout)")
        #expect(try entries() == ["a=2", "b=2", "c=1"])

        let rest = await scratch.run(["accept", path, "--exclude-tag", "x"])
        #expect(rest.stdout == "accepted 1 selected entry into \(scratch.path(golden)); nothing left pending\n", "\(rest.stdout)")
        #expect(try entries() == ["a=2", "b=2", "c=2"])
        #expect(!scratch.exists(pending), "nothing is left to accept")
        #expect(await scratch.run([path, "--ci"]).code == 0)
    }

    @Test func theGoldenFolderDefaultsToTheNearestOneAboveTheSuite() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["only": "2"])
        let path = try scratch.write("project/suites/nested/g.yaml-lite", """
            suite: g
            default_target: local
            targets:
            \(scratch.commandTarget("local"))
            cases:
              - {id: only, prompt: "1"}
            """)
        let near = GoldenStore(directory: scratch.path("project/golden"))
        try near.write(GoldenFile(suite: "g", target: "local", entries: [GoldenFile.Entry(id: "only", output: "2")]), suite: "g", target: "local")
        try GoldenStore(directory: scratch.path("golden")).write(GoldenFile(suite: "g", target: "local", entries: [GoldenFile.Entry(id: "only", output: "3")]), suite: "g", target: "local")
        func run(_ arguments: [String]) async -> CLIResult {
            let out = Buffer(), err = Buffer()
            let code = await CLI.main(arguments: arguments, environment: [:], stdout: out, stderr: err)
            return CLIResult(code: code, stdout: out.text, stderr: err.text)
        }

        let ci = await run([path, "--ci", "--out", scratch.path("reports")])
        #expect(ci.code == 0, "the golden-only case finds its entry in project/golden: \(ci.stderr)\(ci.stdout)")
        #expect(try scratch.results().field("golden", of: "local") == ["only": "unchanged"])
        let check = await run(["check", path, "--ci"])
        #expect(check.code == 0 && check.stdout.hasSuffix("golden: local 1 entry)\n"), "\(check.stderr)\(check.stdout)")

        try scratch.answers("local", ["only": "two"])
        let changed = await run([path, "--no-ci", "--out", scratch.path("reports")])
        #expect(changed.code == 1, "\(changed.stderr)")
        #expect(scratch.files(under: "project/golden") == ["g/local.golden", "g/local.golden.new"])
        let accepted = await run(["accept", path])
        #expect(accepted.stdout == "accepted \(near.goldenPath(suite: "g", target: "local"))\n", "\(accepted.stderr)")
        #expect(try near.read(suite: "g", target: "local")?.entries.map(\.output) == ["two"])
        #expect(try GoldenStore(directory: scratch.path("golden")).read(suite: "g", target: "local")?.entries.map(\.output) == ["3"], "a farther golden folder is left alone")
        #expect(scratch.files(under: "golden") == ["g/local.golden"])

        let explicit = await run([path, "--ci", "--out", scratch.path("reports"), "--golden-dir", scratch.path("golden")])
        #expect(explicit.code == 1, "--golden-dir still wins")
    }

    // MARK: Changed outputs

    @Test func aChangedOutputWarnsWithExpectAndFailsAGoldenOnlyCase() async throws {
        let scratch = try Scratch()
        let cases = """
          - {id: withexpect, prompt: a, expect: {contains: "yes"}}
          - {id: goldenonly, prompt: b}
        """
        let path = try await recorded(scratch, ["withexpect": "yes", "goldenonly": "old text\nline 2\n"], cases: cases)
        let recorded = scratch.data(golden)
        try scratch.answers("local", ["withexpect": "yes indeed", "goldenonly": "new text\nline 2\n"])
        let result = await scratch.run([path])
        #expect(result.code == 1)
        let results = try scratch.results()
        #expect(results.field("outcome", of: "local") == ["withexpect": "passed", "goldenonly": "failed"])
        #expect(results.field("golden", of: "local") == ["withexpect": "changed", "goldenonly": "changed"])
        #expect(results.target("local")?["golden_changed"] as? Int == 2)

        #expect(result.stdout.contains("""
              CHANGED local withexpect (warning)
                  --- golden
                  +++ output
                  @@ -1 +1 @@
                  -yes
            """), "\(result.stdout)")
        #expect(result.stdout.contains("FAIL local goldenonly: output differs from golden"))
        #expect(result.stderr.contains("golden: local/withexpect differs from golden \"yes\""))
        #expect(result.stderr.contains("only a warning, as the case has expect; run `evals accept \(path) --target local` to accept it"))

        let junit = try scratch.junit()
        let warned = try #require(junit.testcase("withexpect"))
        #expect(warned.verdict == nil, "a golden warning is no JUnit failure")
        #expect(warned.systemOut.contains("golden: the output differs from the golden entry (warning)"))
        #expect(warned.systemOut.contains("+yes indeed"))
        let failed = try #require(junit.testcase("goldenonly"))
        #expect(failed.verdict == "failure" && failed.type == "golden")
        #expect(failed.text.contains("--- golden\n+++ output\n@@ -1,2 +1,2 @@\n-old text\n+new text\n line 2"), "\(failed.text)")

        #expect(scratch.data(golden) == recorded, "check never rewrites the golden file")
        let proposal = try #require(try GoldenStore(directory: scratch.path("golden")).readPending(suite: "g", target: "local"))
        #expect(proposal.entries.map(\.output) == ["yes indeed", "new text\nline 2\n"])
    }

    /// The ways of making golden checks strict.
    enum Strictness: String, CaseIterable, Sendable {
        case option, setOption, suiteKey
    }

    @Test(arguments: Strictness.allCases)
    func strictGoldenChecksFailCasesWithExpect(strictness: Strictness) async throws {
        let scratch = try Scratch()
        let cases = "  - {id: withexpect, prompt: a, expect: {contains: \"yes\"}}"
        let path = try await recorded(scratch, ["withexpect": "yes"], cases: cases, extra: strictness == .suiteKey ? "golden_strict: true" : "")
        try scratch.answers("local", ["withexpect": "yes indeed"])
        let flags: [String] = switch strictness {
        case .option: ["--golden-strict"]
        case .setOption: ["--set", "golden_strict=true"]
        case .suiteKey: []
        }
        let result = await scratch.run([path] + flags)
        #expect(result.code == 1, "\(result.stderr)\(result.stdout)")
        #expect(try scratch.junit().testcase("withexpect")?.type == "golden")
        #expect(result.stdout.contains("CHANGED local withexpect (fails the case)"))
    }

    @Test func aNumericGoldenMatcherToleratesAnotherSpellingOfTheNumber() async throws {
        let scratch = try Scratch()
        let cases = "  - {id: n, prompt: n}"
        let path = try await recorded(scratch, ["n": "2"], cases: cases, extra: "golden_matcher: numeric")
        try scratch.answers("local", ["n": "2.0"])
        let tolerant = await scratch.run([path])
        #expect(tolerant.code == 0, "\(tolerant.stdout)")
        #expect(try scratch.results().field("golden", of: "local") == ["n": "unchanged"])
        #expect(!scratch.exists(pending))

        try scratch.answers("local", ["n": "3.0"])
        let different = await scratch.run([path])
        #expect(different.code == 1)
        #expect(different.stdout.contains("by golden_matcher numeric"), "\(different.stdout)")

        try scratch.answers("local", ["n": "2.0"])
        let exact = await scratch.run([path, "--set", "golden_matcher=exact"])
        #expect(exact.code == 1, "without numeric, 2.0 is not 2")
    }

    @Test func obsoleteEntriesAreReportedAndNeverFail() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        try scratch.write(golden, """
            cases:
              first:
                output: "2"
              gone:
                output: "old"
              second:
                output: hi
            """)
        let result = await scratch.run([path], environment: ["CI": "true"])
        #expect(result.code == 0, "\(result.stdout)")
        #expect(result.stdout.contains("OBSOLETE local: gone (no such case; dropped by the next update)"))
        #expect(try scratch.results().suite["obsolete_golden"] as? [String: [String]] == ["local": ["gone"]])
        #expect(scratch.files(under: "golden") == ["g/local.golden"])

        let update = await scratch.run([path, "--golden", "update"])
        #expect(update.code == 0)
        let file = try #require(try GoldenStore(directory: scratch.path("golden")).read(suite: "g", target: "local"))
        #expect(file.entries.map(\.id) == ["first", "second"])
    }

    // MARK: Broken golden files

    /// A golden file that does not read, and where its error is.
    struct BrokenFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }

        static let all = [
            BrokenFile(name: "misspelt key", text: "cases:\n  first:\n    outptu: \"2\"\n", line: 3, column: 5, message: "unknown key 'outptu' in golden entry 'first' (did you mean 'output'?)"),
            BrokenFile(name: "unclosed quote", text: "cases:\n  first:\n    output: \"2\n", line: 3, column: 13, message: "unterminated double-quoted string"),
            BrokenFile(name: "list output", text: "cases:\n  first:\n    output: [a, b]\n", line: 3, column: 13, message: "`output` of golden entry 'first' must be a string, not a list"),
            BrokenFile(name: "merge conflict", text: "cases:\n  first:\n<<<<<<< HEAD\n    output: \"2\"\n=======\n    output: \"3\"\n>>>>>>> theirs\n", line: 3, column: 1, message: "unresolved merge conflict marker `<<<<<<<` in golden file"),
        ]
    }

    @Test(arguments: BrokenFile.all, ["run", "check"])
    func aBrokenGoldenFileIsAnErrorAtItsPlace(file: BrokenFile, command: String) async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        let goldenPath = try scratch.write(golden, file.text)
        let result = await scratch.run([command, path, "--no-ci"])
        #expect(result.code == 2, "\(result.stdout)")
        #expect(result.stderr.contains("\(goldenPath):\(file.line):\(file.column): error: \(file.message)"), "\(result.stderr)")
        let caret = String(repeating: " ", count: file.column - 1) + "^"
        #expect(result.stderr.contains("\n\(caret)\n"), "the source line and a caret follow")
        #expect(scratch.read(golden) == file.text)
        #expect(!scratch.exists(pending))
        if command == "run" {
            #expect(try scratch.junit().testcase("harness")?.message?.hasPrefix("\(goldenPath):\(file.line):\(file.column): error:") == true)
            #expect(scratch.files(under: "reports") == ["junit.xml"], "exit 2 writes only the harness JUnit file")
        } else {
            #expect(!scratch.exists("reports"))
        }
    }

    @Test func goldenOffReadsAndWritesNothing() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        let path = try suite(scratch, cases: twoCases)
        let broken = "cases:\n<<<<<<< HEAD\n"
        try scratch.write(golden, broken)
        let result = await scratch.run([path, "--golden", "off"])
        #expect(result.code == 0, "the golden file is not read: \(result.stderr)")
        #expect(scratch.read(golden) == broken)
        #expect(scratch.files(under: "golden") == ["g/local.golden"])
        #expect(try scratch.results().field("golden", of: "local") == ["first": "off", "second": "off"])
        #expect(!result.stdout.contains("golden:"))
    }

    @Test func aBaselineHasNoGoldenFile() async throws {
        let scratch = try Scratch()
        try scratch.answers("local", ["first": "2", "second": "hi"])
        try scratch.answers("base", ["first": "3", "second": "ho"])
        let path = try suite(scratch, cases: twoCases, targets: ["local", "base"])
        try scratch.write("golden/g/base.golden", "not: [a golden file\n")
        let update = await scratch.run([path, "--baseline", "base", "--golden", "update"])
        #expect(update.code == 0, "the baseline's golden file is never read: \(update.stderr)")
        #expect(scratch.files(under: "golden") == ["g/base.golden", "g/local.golden"])
        #expect(scratch.read("golden/g/base.golden") == "not: [a golden file\n")
        try scratch.removeAnswer("local", "second")
        try scratch.answers("local", ["first": "changed"])
        let check = await scratch.run([path, "--baseline", "base", "--retries", "0", "--min-pass-rate", "0", "--max-error-rate", "1"])
        #expect(check.code == 0, "\(check.stdout)")
        #expect(scratch.files(under: "golden") == ["g/base.golden", "g/local.golden", "g/local.golden.new"])
        #expect(try scratch.results().field("golden", of: "base") == ["first": "off", "second": "off"])
    }

    // MARK: Hostile outputs

    @Test func hostileOutputsRoundTripThroughTheGoldenFile() async throws {
        let scratch = try Scratch()
        let outputs: [String: String] = [
            "trailing-spaces": "answer  ",
            "tabs": "a\tb\t",
            "crlf": "one\r\ntwo\r\n",
            "escape": "\u{1B}[31mred\u{1B}[0m",
            "quotes": "\"double\" and 'single'",
            "hash": "# not a comment",
            "colon": "key: value",
            "dash": "- item",
            "non-ascii": "żółw — 数字 🐢",
            "empty": "",
            "blank-lines": "  indented\n\n\nlast\n\n",
            "yes": "yes",
            "backslash": "C:\\path\\n",
        ]
        let ids = outputs.keys.sorted()
        try scratch.answers("local", outputs)
        // The prompts are as hostile as the outputs; a JSONL dataset carries them verbatim.
        let prompts = outputs.mapValues { $0.isEmpty ? "(empty)" : $0 }
        let rows = try ids.map { id in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "prompt": prompts[id]!]), as: UTF8.self)
        }
        try scratch.write("hostile.jsonl", rows.joined(separator: "\n") + "\n")
        let path = try scratch.write("g.yaml-lite", """
            suite: g
            targets:
            \(scratch.commandTarget("local"))
            cases_from:
              path: hostile.jsonl
            """)
        let update = await scratch.run([path, "--golden", "update"])
        #expect(update.code == 0, "\(update.stderr)")
        let file = try #require(try GoldenStore(directory: scratch.path("golden")).read(suite: "g", target: "local"))
        #expect(file.entries.map(\.id) == ids)
        for entry in file.entries {
            #expect(entry.output == outputs[entry.id], "\(entry.id)'s output reads back as written")
            #expect(entry.prompt == prompts[entry.id], "\(entry.id)'s prompt reads back as written")
        }
        #expect(scratch.read(golden)?.contains("\u{1B}") == false, "no raw escape in the golden file")

        let check = await scratch.run([path], environment: ["CI": "true"])
        #expect(check.code == 0, "\(check.stdout)")
        #expect(!scratch.exists(pending))
        let results = try scratch.results()
        #expect(Set(results.field("golden", of: "local").values) == ["unchanged"])
        for item in results.cases("local") {
            #expect(item["golden_output"] as? String == outputs[item["id"] as? String ?? ""], "\(item["id"] ?? "")")
        }
    }
}
