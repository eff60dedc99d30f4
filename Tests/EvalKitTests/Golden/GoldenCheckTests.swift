import Foundation
import Testing
@testable import EvalKitMatchers
@testable import EvalKitResults
@testable import EvalKitGolden

@Suite("GoldenCheck, one case at a time")
struct GoldenCheckTests {
    static let accept = "evals accept suites/x.yaml-lite --target tuned"

    /// A deterministic source of choices.
    struct Choices {
        var generator: LineDiffTests.Generator

        init(state: UInt64) {
            generator = LineDiffTests.Generator(state: state)
        }

        mutating func next() -> UInt64 {
            generator.next()
        }

        mutating func pick<T>(_ values: [T]) -> T {
            values[Int(next() % UInt64(values.count))]
        }
    }

    /// Suite cases, some not run; a golden file with some of them, obsolete ones and a duplicate;
    /// answers equal, equal after trimming, equal ignoring case, different, or missing.
    static func scenario(seed: UInt64) -> (cases: [CaseReport], hasExpect: [String: Bool], golden: GoldenFile?, allCaseIDs: [String]) {
        var choices = Choices(state: seed)
        let count = 1 + Int(choices.next() % 12)
        let allCaseIDs = (0..<count).map { "c\($0)" }
        var entries: [GoldenFile.Entry] = []
        var cases: [CaseReport] = []
        var hasExpect: [String: Bool] = [:]
        for id in allCaseIDs {
            let stored = choices.pick([nil, "two", "Two", "2"] as [String?])
            if let stored {
                entries.append(GoldenFile.Entry(id: id, prompt: choices.pick([nil, "p-\(id)", "other"]), output: stored))
            }
            hasExpect[id] = choices.pick([true, false])
            guard choices.pick([true, true, true, false]) else { continue }
            let outcome = choices.pick([Outcome.passed, .passed, .failed, .error, .skipped])
            let output = outcome == .error || outcome == .skipped ? nil : choices.pick(["two", " two\n", "TWO", "three"])
            cases.append(CaseReport(
                id: id, prompt: "p-\(id)", output: output, outcome: outcome,
                messages: outcome == .failed ? ["expected x"] : [], failureType: outcome == .failed ? "exact" : nil,
                modelVersion: choices.pick([nil, "v1", "v2"]), passes: outcome == .passed ? 1 : 0))
        }
        if choices.pick([true, false]) {
            entries.append(GoldenFile.Entry(id: "gone", prompt: nil, output: "x"))
        }
        if let first = entries.first, choices.pick([true, false]) {
            entries.append(GoldenFile.Entry(id: first.id, prompt: nil, output: "duplicate"))
        }
        let golden = choices.pick([true, true, true, false])
            ? GoldenFile(suite: "x", target: "tuned", model: choices.pick([nil, "m-old"]), modelVersion: choices.pick([nil, "v1", "v0"]), entries: entries)
            : nil
        return (cases, hasExpect, golden, allCaseIDs)
    }

    struct Settings: Sendable, CustomTestStringConvertible {
        var mode: GoldenMode
        var ci: Bool
        var strict: Bool
        var caseless: Bool

        var testDescription: String { "\(mode) ci=\(ci) strict=\(strict) caseless=\(caseless)" }

        static let all: [Settings] = GoldenMode.allCases.flatMap { mode in
            [false, true].flatMap { ci in
                [false, true].flatMap { strict in
                    [false, true].map { caseless in Settings(mode: mode, ci: ci, strict: strict, caseless: caseless) }
                }
            }
        }
    }

    static func matcher(_ caseless: Bool) -> (String) -> (any Matcher)? {
        { expected in caseless ? CaselessMatcher(expected: expected) : nil }
    }

    static func check(_ settings: Settings, golden: GoldenFile?) -> GoldenCheck {
        GoldenCheck(
            golden: golden, suite: "x", target: "tuned", mode: settings.mode, ciMode: settings.ci, strict: settings.strict,
            matcherFor: matcher(settings.caseless), acceptCommand: accept, model: "m-new")
    }

    @Test(arguments: Settings.all)
    func givesTheVerdictsOfTheWholeRunCheck(_ settings: Settings) async {
        for seed in UInt64(1)...200 {
            let (cases, hasExpect, golden, allCaseIDs) = Self.scenario(seed: seed)
            let legacy = await LegacyGoldenChecker.check(
                cases: cases, hasExpect: hasExpect, golden: golden, allCaseIDs: allCaseIDs, suite: "x", target: "tuned",
                mode: settings.mode, ciMode: settings.ci, strict: settings.strict, matcherFor: Self.matcher(settings.caseless),
                acceptCommand: Self.accept, model: "m-new")
            // The suite's ids are noted as a streaming planner would: each before its case, the rest at the end.
            let check = Self.check(settings, golden: golden)
            var noted = 0
            var checked: [CaseReport] = []
            for item in cases {
                while noted < allCaseIDs.count, allCaseIDs[noted] != item.id {
                    check.noteSuiteCase(id: allCaseIDs[noted])
                    noted += 1
                }
                checked.append(await check.check(item, hasExpect: hasExpect[item.id] ?? false))
            }
            for id in allCaseIDs[noted...] { check.noteSuiteCase(id: id) }
            var result = check.result()
            result.cases = checked
            #expect(result == legacy, "seed \(seed)")
        }
    }

    @Test func obsoleteEntriesAreThoseOfNoSuiteCaseSelectedOrNot() {
        let golden = GoldenFile(suite: "x", target: "tuned", entries: [
            GoldenFile.Entry(id: "gone-1", output: "1"), GoldenFile.Entry(id: "deselected", output: "2"),
            GoldenFile.Entry(id: "run", output: "3"), GoldenFile.Entry(id: "gone-2", output: "4"),
        ])
        let check = Self.check(Settings(mode: .check, ci: true, strict: false, caseless: false), golden: golden)
        for id in ["run", "deselected"] { check.noteSuiteCase(id: id) }
        #expect(check.result().obsolete == ["gone-1", "gone-2"])
    }

    @Test func theDeliveredCaseSaysWhetherItHasExpect() {
        #expect(GoldenCheck.hasExpect(CaseReport(id: "a", prompt: "p", output: "x", outcome: .failed, matcherVerdict: .failed)))
        #expect(!GoldenCheck.hasExpect(CaseReport(id: "a", prompt: "p", output: "x", outcome: .passed)))
    }

    @Test func strictChecksFailDifferencesOfCasesWithExpect() async {
        let golden = GoldenFile(suite: "x", target: "tuned", entries: [GoldenFile.Entry(id: "a", output: "2")])
        for strict in [false, true] {
            let check = Self.check(Settings(mode: .check, ci: false, strict: strict, caseless: false), golden: golden)
            check.noteSuiteCase(id: "a")
            let item = await check.check(CaseReport(id: "a", prompt: "1", output: "two", outcome: .passed, matcherVerdict: .passed), hasExpect: true)
            #expect(item.golden == .changed)
            #expect(item.outcome == (strict ? .failed : .passed))
            #expect(check.result().warnings.count == (strict ? 0 : 1))
        }
    }

    @Test func finishWritesThePendingFileOutsideCIModeOnly() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = GoldenStore(directory: folder.path)
        for ci in [true, false] {
            let check = Self.check(Settings(mode: .check, ci: ci, strict: false, caseless: false), golden: nil)
            check.noteSuiteCase(id: "a")
            _ = await check.check(CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed, matcherVerdict: .passed), hasExpect: true)
            let summary = check.finish(store: store)
            #expect(summary.failures.isEmpty)
            #expect(summary.notes.count == 1)
            let pending = try store.readPending(suite: "x", target: "tuned")
            #expect(pending?.entries == (ci ? nil : [GoldenFile.Entry(id: "a", prompt: "1", output: "2")]))
            #expect(try store.read(suite: "x", target: "tuned") == nil)
        }
    }

    /// An interrupted update writes nothing: its cases are checked again, from their update
    /// verdicts undone, by a check of the same target, which ends as a check would have.
    @Test func anInterruptedUpdateIsCheckedAgainAndWritesNoGoldenFile() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = GoldenStore(directory: folder.path)
        let golden = GoldenFile(suite: "x", target: "tuned", model: "m-old", entries: [
            GoldenFile.Entry(id: "a", prompt: "1", output: "2"), GoldenFile.Entry(id: "gone", output: "0"),
        ])
        try store.write(golden, suite: "x", target: "tuned")
        let before = try String(contentsOfFile: store.goldenPath(suite: "x", target: "tuned"), encoding: .utf8)
        let cases = [
            CaseReport(id: "a", prompt: "1", output: "two", outcome: .passed),
            CaseReport(id: "b", prompt: "2", output: "3", outcome: .passed, matcherVerdict: .passed),
            CaseReport(id: "c", prompt: "3", outcome: .skipped, reason: .interrupted),
        ]
        let update = Self.check(Settings(mode: .update, ci: false, strict: false, caseless: false), golden: golden)
        for id in ["a", "b", "c"] { update.noteSuiteCase(id: id) }
        var updated: [CaseReport] = []
        for item in cases { updated.append(await update.check(item, hasExpect: GoldenCheck.hasExpect(item))) }
        #expect(updated.map(\.golden) == [.updated, .updated, .off])

        let again = update.restarted(mode: .check)
        var checked: [CaseReport] = []
        for item in updated.map(GoldenCheck.unchecked) { checked.append(await again.check(item, hasExpect: GoldenCheck.hasExpect(item))) }
        let summary = again.finish(store: store)

        let expected = await LegacyGoldenChecker.check(
            cases: cases, hasExpect: ["a": false, "b": true], golden: golden, allCaseIDs: ["a", "b", "c"], suite: "x", target: "tuned",
            mode: .check, ciMode: false, strict: false, matcherFor: { _ in nil }, acceptCommand: Self.accept, model: "m-new")
        #expect(checked == expected.cases)
        #expect(summary.notes == expected.warnings)
        #expect(summary.obsolete == ["gone"])
        #expect(try String(contentsOfFile: store.goldenPath(suite: "x", target: "tuned"), encoding: .utf8) == before)
        guard case .pending(let file) = expected.write else {
            Issue.record("the check proposes a pending file")
            return
        }
        #expect(try store.readPending(suite: "x", target: "tuned") == file)
    }

    @Test func anUpdateThatCannotBeWrittenSaysSo() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocked = folder.appendingPathComponent("blocked")
        try Data("a file where the golden folder should be\n".utf8).write(to: blocked)
        let check = Self.check(Settings(mode: .update, ci: false, strict: false, caseless: false), golden: nil)
        check.noteSuiteCase(id: "a")
        let item = await check.check(CaseReport(id: "a", prompt: "1", output: "2", outcome: .passed), hasExpect: true)
        let summary = check.finish(store: GoldenStore(directory: blocked.path))
        #expect(summary.updatesUnwritten)
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.hasPrefix("could not write the golden file of x[tuned], so the run fails: ") == true)
        #expect(item.golden == .updated)
        #expect(GoldenCheck.unwritten(item).golden == .off)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("golden-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
