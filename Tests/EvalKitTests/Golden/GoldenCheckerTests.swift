import Testing
@testable import EvalKit
@testable import EvalKitMatchers
@testable import EvalKitSupport
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitGolden
@testable import EvalKitRunner

/// A golden matcher for tests: passes when the output equals the golden text ignoring case.
struct CaselessMatcher: Matcher {
    let expected: String
    var name: String { "caseless" }
    var description: String { "caseless: \(expected)" }

    func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        output.lowercased() == expected.lowercased()
            ? MatchResult(.passed, matcher: name, message: "")
            : MatchResult(.failed, matcher: name, message: "expected \(expected), got \(output)")
    }
}

@Suite("GoldenChecker")
struct GoldenCheckerTests {
    static let accept = "evals accept suites/x.yaml-lite --target tuned"

    static func golden(_ entries: [(String, String)], model: String? = "m-old") -> GoldenFile {
        GoldenFile(suite: "x", target: "tuned", model: model, entries: entries.map { GoldenFile.Entry(id: $0.0, prompt: "p-\($0.0)", output: $0.1) })
    }

    static func run(
        _ cases: [CaseReport],
        golden: GoldenFile?,
        allCaseIDs: [String]? = nil,
        hasExpect: Bool = true,
        mode: GoldenMode = .check,
        ci: Bool = false,
        strict: Bool = false,
        caseless: Bool = false,
        model: String? = "m-new"
    ) async -> GoldenCheckResult {
        await GoldenChecker.check(
            cases: cases,
            hasExpect: Dictionary(uniqueKeysWithValues: cases.map { ($0.id, hasExpect) }),
            golden: golden,
            allCaseIDs: allCaseIDs ?? cases.map(\.id),
            suite: "x",
            target: "tuned",
            mode: mode,
            ciMode: ci,
            strict: strict,
            matcherFor: { expected in caseless ? CaselessMatcher(expected: expected) : nil },
            acceptCommand: accept,
            model: model
        )
    }

    enum Written: String, Sendable { case nothing, pending, golden }

    struct Row: Sendable, CustomTestStringConvertible {
        var mode: GoldenMode
        var ci: Bool
        var hasExpect: Bool
        var strict: Bool
        var caseless: Bool = false
        /// The stored golden output of the case; nil when the file has no entry for it.
        var stored: String?
        var output: String
        var outcome: Outcome
        var status: GoldenStatus
        var written: Written

        var testDescription: String {
            "\(mode) ci=\(ci) expect=\(hasExpect) strict=\(strict) caseless=\(caseless) \(stored.map { Visible.quoted($0) } ?? "no entry") → \(Visible.quoted(output))"
        }
    }

    static let rows: [Row] = [
        // check, outside CI: a difference fails golden-only or strict cases, warns otherwise; a .new is written.
        Row(mode: .check, ci: false, hasExpect: true, strict: false, stored: "2", output: "2", outcome: .passed, status: .unchanged, written: .nothing),
        Row(mode: .check, ci: false, hasExpect: false, strict: false, stored: "2", output: " 2\n", outcome: .passed, status: .unchanged, written: .nothing),
        Row(mode: .check, ci: false, hasExpect: false, strict: false, stored: "2", output: "two", outcome: .failed, status: .changed, written: .pending),
        Row(mode: .check, ci: false, hasExpect: true, strict: false, stored: "2", output: "two", outcome: .passed, status: .changed, written: .pending),
        Row(mode: .check, ci: false, hasExpect: true, strict: true, stored: "2", output: "two", outcome: .failed, status: .changed, written: .pending),
        Row(mode: .check, ci: false, hasExpect: true, strict: false, stored: nil, output: "2", outcome: .passed, status: .new, written: .pending),
        Row(mode: .check, ci: false, hasExpect: false, strict: true, stored: nil, output: "2", outcome: .passed, status: .new, written: .pending),
        // check in CI mode: nothing is written; a new entry fails exactly where a difference would.
        Row(mode: .check, ci: true, hasExpect: true, strict: false, stored: "2", output: "2", outcome: .passed, status: .unchanged, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: true, strict: false, stored: "2", output: "two", outcome: .passed, status: .changed, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: false, strict: false, stored: "2", output: "two", outcome: .failed, status: .changed, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: true, strict: true, stored: "2", output: "two", outcome: .failed, status: .changed, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: true, strict: false, stored: nil, output: "2", outcome: .passed, status: .new, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: false, strict: false, stored: nil, output: "2", outcome: .failed, status: .new, written: .nothing),
        Row(mode: .check, ci: true, hasExpect: true, strict: true, stored: nil, output: "2", outcome: .failed, status: .new, written: .nothing),
        // check with a golden matcher: its verdict replaces exact comparison.
        Row(mode: .check, ci: false, hasExpect: false, strict: false, caseless: true, stored: "Two", output: "TWO", outcome: .passed, status: .unchanged, written: .nothing),
        Row(mode: .check, ci: false, hasExpect: false, strict: false, caseless: true, stored: "Two", output: "three", outcome: .failed, status: .changed, written: .pending),
        Row(mode: .check, ci: true, hasExpect: true, strict: true, caseless: true, stored: "Two", output: "TWO", outcome: .passed, status: .unchanged, written: .nothing),
        // update: never fails a case, always writes the golden file, in CI mode too.
        Row(mode: .update, ci: false, hasExpect: false, strict: true, stored: "2", output: "two", outcome: .passed, status: .updated, written: .golden),
        Row(mode: .update, ci: true, hasExpect: false, strict: true, stored: "2", output: "two", outcome: .passed, status: .updated, written: .golden),
        Row(mode: .update, ci: false, hasExpect: true, strict: false, stored: nil, output: "2", outcome: .passed, status: .updated, written: .golden),
        Row(mode: .update, ci: false, hasExpect: true, strict: false, stored: "2", output: "2", outcome: .passed, status: .unchanged, written: .golden),
        // off: no reads, no writes, no verdicts.
        Row(mode: .off, ci: false, hasExpect: false, strict: true, stored: "2", output: "two", outcome: .passed, status: .off, written: .nothing),
        Row(mode: .off, ci: true, hasExpect: false, strict: true, stored: nil, output: "two", outcome: .passed, status: .off, written: .nothing),
    ]

    @Test(arguments: rows)
    func modeTable(_ row: Row) async throws {
        let item = CaseReport(id: "digits-1", prompt: "1", output: row.output, outcome: .passed, passes: 1)
        let golden = Self.golden(row.stored.map { [("digits-1", $0)] } ?? [("other", "x")])
        let result = await Self.run([item], golden: golden, allCaseIDs: ["digits-1", "other"], hasExpect: row.hasExpect, mode: row.mode, ci: row.ci, strict: row.strict, caseless: row.caseless)
        let checked = try #require(result.cases.first)
        #expect(checked.outcome == row.outcome)
        #expect(checked.golden == row.status)
        #expect(checked.failureType == (row.outcome == .failed ? "golden" : nil))
        #expect(checked.messages.count == (row.outcome == .failed ? 1 : 0))
        let written: Written = switch result.write {
        case nil: .nothing
        case .pending: .pending
        case .golden: .golden
        }
        #expect(written == row.written)
        #expect(result.removesStalePending == (row.mode == .update))
        // Every difference or new entry is either a failure of its case or a warning, never lost.
        let noticed = row.status == .changed || (row.status == .new)
        #expect(result.warnings.count == (noticed && row.outcome == .passed ? 1 : 0))
        if row.status == .changed {
            #expect(checked.goldenDiff == UnifiedDiff.render(old: row.stored!, new: row.output))
        }
    }

    @Test func goldenFailureWordingAndDetails() async throws {
        let item = CaseReport(id: "digits-1", prompt: "1", output: "two", outcome: .passed)
        let result = await Self.run([item], golden: Self.golden([("digits-1", "2")]), hasExpect: false)
        let checked = try #require(result.cases.first)
        #expect(checked.messages == ["output differs from golden \"2\" (got \"two\"); run `evals accept suites/x.yaml-lite --target tuned` to accept it"])
        #expect(checked.failureType == "golden")
        #expect(checked.goldenOutput == "2")
        #expect(checked.goldenDiff == "--- golden\n+++ output\n@@ -1 +1 @@\n-2\n\\ No newline at end of file\n+two\n\\ No newline at end of file")
        #expect(checked.details == checked.goldenDiff)
        #expect(result.warnings.isEmpty)
    }

    @Test func warningWordingNamesTheAcceptCommand() async {
        let cases = [
            CaseReport(id: "digits-1", prompt: "1", output: "two", outcome: .passed),
            CaseReport(id: "digits-9", prompt: "9", output: "10", outcome: .passed),
        ]
        let result = await Self.run(cases, golden: Self.golden([("digits-1", "2")]))
        #expect(result.warnings == [
            "golden: tuned/digits-1 differs from golden \"2\" (got \"two\"); only a warning, as the case has expect; run `evals accept suites/x.yaml-lite --target tuned` to accept it",
            "golden: tuned/digits-9 is new (got \"10\"); run `evals accept suites/x.yaml-lite --target tuned` to accept it",
        ])
    }

    @Test func ciModeMessagesSayHowToAccept() async throws {
        let cases = [CaseReport(id: "digits-9", prompt: "9", output: "10", outcome: .passed)]
        let result = await Self.run(cases, golden: nil, hasExpect: false, ci: true)
        let checked = try #require(result.cases.first)
        #expect(checked.messages == ["no golden entry for this case (got \"10\"); CI mode writes no golden files: rerun outside CI mode, then run `evals accept suites/x.yaml-lite --target tuned`"])
        #expect(result.write == nil)
    }

    @Test func goldenMatcherIsNamedWhenItFails() async throws {
        let cases = [CaseReport(id: "a", prompt: "p", output: "three", outcome: .passed)]
        let result = await Self.run(cases, golden: Self.golden([("a", "Two")]), hasExpect: false, caseless: true)
        #expect(result.cases.first?.messages.first?.hasPrefix("output differs from golden \"Two\" by golden_matcher caseless (got \"three\")") == true)
    }

    @Test func aMatcherFailureKeepsItsOwnTypeAndComesFirst() async throws {
        let item = CaseReport(id: "a", prompt: "p", output: "two", outcome: .failed, messages: ["expected \"2\", got \"two\""], failureType: "exact", details: "expected: 2")
        let result = await Self.run([item], golden: Self.golden([("a", "2")]), hasExpect: true, strict: true)
        let checked = try #require(result.cases.first)
        #expect(checked.outcome == .failed)
        #expect(checked.failureType == "exact")
        #expect(checked.details == "expected: 2")
        #expect(checked.messages.count == 2)
        #expect(checked.messages[0] == "expected \"2\", got \"two\"")
        #expect(checked.messages[1].hasPrefix("output differs from golden \"2\""))
        #expect(checked.golden == .changed)
    }

    @Test(arguments: [GoldenMode.check, .update])
    func casesWithoutAnAnswerAreOffAndUntouched(mode: GoldenMode) async {
        let cases = [
            CaseReport(id: "a", prompt: "p", output: nil, outcome: .error, messages: ["timeout"], failureType: "timeout"),
            CaseReport(id: "b", prompt: "p", output: nil, outcome: .skipped, reason: .interrupted),
        ]
        let result = await Self.run(cases, golden: Self.golden([("a", "x")]), hasExpect: false, mode: mode, ci: true)
        #expect(result.cases.map(\.golden) == [.off, .off])
        var expected = cases
        expected[0].golden = .off
        expected[1].golden = .off
        #expect(result.cases == expected)
    }

    @Test func obsoleteEntriesAreReportedAndNeverFail() async {
        let golden = Self.golden([("a", "1"), ("gone-1", "x"), ("b", "2"), ("gone-2", "y")])
        let cases = [CaseReport(id: "a", prompt: "p", output: "1", outcome: .passed)]
        let result = await Self.run(cases, golden: golden, allCaseIDs: ["a", "b"], hasExpect: false, ci: true)
        #expect(result.obsolete == ["gone-1", "gone-2"])
        #expect(result.cases.map(\.outcome) == [.passed])
        #expect(result.write == nil)
    }

    @Test func updateKeepsCasesNotRunAndDropsRemovedOnesInSuiteOrder() async throws {
        let golden = Self.golden([("gone", "x"), ("c", "old-c"), ("b", "old-b"), ("a", "old-a")])
        let cases = [
            CaseReport(id: "a", prompt: "prompt a", output: "new-a", outcome: .passed),
            CaseReport(id: "c", prompt: "prompt c", output: nil, outcome: .error),
            CaseReport(id: "d", prompt: "prompt d", output: "new-d", outcome: .failed),
        ]
        let result = await Self.run(cases, golden: golden, allCaseIDs: ["a", "b", "c", "d"], mode: .update)
        guard case .golden(let file) = result.write else {
            Issue.record("update must write the golden file, got \(String(describing: result.write))")
            return
        }
        #expect(file == GoldenFile(suite: "x", target: "tuned", model: "m-new", entries: [
            GoldenFile.Entry(id: "a", prompt: "prompt a", output: "new-a"),
            GoldenFile.Entry(id: "b", prompt: "p-b", output: "old-b"),
            GoldenFile.Entry(id: "c", prompt: "p-c", output: "old-c"),
            GoldenFile.Entry(id: "d", prompt: "prompt d", output: "new-d"),
        ]))
        #expect(result.obsolete == ["gone"])
        #expect(result.cases.map(\.golden) == [.updated, .off, .updated])
        #expect(result.cases[0].goldenOutput == "old-a")
        #expect(result.cases[2].goldenOutput == nil)
        #expect(result.cases.map(\.outcome) == [.passed, .error, .failed])
    }

    @Test func pendingFileIsWhatUpdateWouldWrite() async throws {
        let golden = Self.golden([("a", "1"), ("b", "2")], model: nil)
        let cases = [
            CaseReport(id: "a", prompt: "pa", output: "1", outcome: .passed),
            CaseReport(id: "b", prompt: "pb", output: "3", outcome: .passed),
        ]
        let checked = await Self.run(cases, golden: golden, model: nil)
        let updated = await Self.run(cases, golden: golden, mode: .update, model: nil)
        guard case .pending(let pending) = checked.write, case .golden(let written) = updated.write else {
            Issue.record("expected a pending file and a golden file")
            return
        }
        #expect(pending == written)
        #expect(pending.entries.map(\.output) == ["1", "3"])
        #expect(pending.model == nil)
    }

    @Test func theMatcherIsBuiltFromTheGoldenOutput() async {
        let cases = [CaseReport(id: "a", prompt: "p", output: "x", outcome: .passed)]
        let seen = SeenTexts()
        _ = await GoldenChecker.check(cases: cases, hasExpect: ["a": false], golden: Self.golden([("a", "golden text")]), allCaseIDs: ["a"], suite: "x", target: "tuned", mode: .check, ciMode: false, strict: false, matcherFor: { text in
            seen.texts.append(text)
            return nil
        }, acceptCommand: Self.accept, model: nil)
        #expect(seen.texts == ["golden text"])
    }

    @Test func manyNewEntriesThatDoNotFailAreOneWarning() async throws {
        let ids = (1...31).map { "case-\($0)" }
        let cases = ids.map { CaseReport(id: $0, prompt: $0, output: "answer", outcome: .passed, passes: 1) }
        for ci in [false, true] {
            let result = await Self.run(cases, golden: nil, ci: ci)
            #expect(result.cases.allSatisfy { $0.outcome == .passed && $0.golden == .new })
            #expect(result.warnings.count == 1, "\(result.warnings)")
            let line = try #require(result.warnings.first)
            #expect(line.hasPrefix("golden: 31 new entries for x[tuned] (case-1, case-2, case-3, case-4, case-5, …); "), "\(line)")
            #expect(line.contains(Self.accept))
        }
    }

    @Test func differencesAreStillShownOneByOneBesideTheNewEntriesLine() async throws {
        let cases = ["a", "b", "c", "d"].map { CaseReport(id: $0, prompt: $0, output: "new-\($0)", outcome: .passed, passes: 1) }
        let result = await Self.run(cases, golden: Self.golden([("a", "old-a"), ("b", "old-b")]))
        #expect(result.warnings.count == 3, "\(result.warnings)")
        #expect(result.warnings[0].hasPrefix("golden: tuned/a differs from golden \"old-a\""))
        #expect(result.warnings[1].hasPrefix("golden: tuned/b differs from golden \"old-b\""))
        #expect(result.warnings[2].hasPrefix("golden: 2 new entries for x[tuned] (c, d); recorded in the pending file; "))
    }
}

private final class SeenTexts {
    var texts: [String] = []
}
