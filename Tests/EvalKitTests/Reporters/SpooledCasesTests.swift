import Foundation
import Testing
@testable import EvalKit

@Suite("SpooledCases")
struct SpooledCasesTests {
    /// The tuned target's cases of the fixture as a run without golden files or baseline has them.
    static func cases() -> [CaseReport] {
        ReportFixtures.run().suites[0].targets[0].cases.map { item in
            var item = item
            item.golden = .off
            item.goldenOutput = nil
            item.goldenDiff = nil
            item.transition = nil
            item.outputChanged = nil
            return item
        }
    }

    /// The run of `cases` as `evals run` reports it: held whole, or spooled.
    static func report(_ cases: [CaseReport], spooled: Bool, retainLimit: Int = 1000) throws -> RunReport {
        var report = ReportFixtures.single(cases)
        if spooled {
            let target = report.suites[0].targets[0]
            let spool = try SpooledCases(suite: report.suites[0].suite, target: target, retainLimit: retainLimit) {
                $0.outcome == .failed || $0.outcome == .error || $0.flaky || $0.truncated
            }
            for item in cases { try spool.add(item) }
            try spool.finish()
            report.suites[0].targets[0].cases = spool.retained
            report.suites[0].targets[0].spool = spool
        }
        report.suites[0] = ReportAssembler.assemble(report.suites[0])
        return ReportAssembler.finish(report)
    }

    /// Every report of `report` as its file holds it.
    static func files(_ report: RunReport, verbose: Bool = false) throws -> [String: String] {
        let spools = report.suites.flatMap(\.targets).compactMap(\.spool)
        let texts = [
            "junit": JUnitReporter.render(report, hostname: "ci"),
            "json": JSONReporter.renderText(report),
            "html": HTMLReporter.render(report),
            "text": TextReporter(color: false, verbose: verbose, ciMode: false, showAllHint: "--verbose shows all").render(report),
            "markdown": MarkdownReporter.render(report),
        ]
        return try texts.mapValues { text in
            var bytes: [UInt8] = []
            try SpooledCases.splice(text, spools: spools) { bytes += $0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test("reports written from the spool are byte for byte those written from the cases")
    func sameBytes() throws {
        for cases in [Self.cases(), [], Array(Self.cases().prefix(1))] {
            let whole = try Self.files(Self.report(cases, spooled: false))
            let spooled = try Self.files(Self.report(cases, spooled: true))
            for name in whole.keys.sorted() {
                #expect(spooled[name] == whole[name], "\(name) differs for \(cases.count) cases")
            }
        }
    }

    @Test("the spool counts every case, keeps only the listed ones and says how many it left out")
    func retainsUpToTheLimit() throws {
        let cases = Self.cases()
        let report = try Self.report(cases, spooled: true, retainLimit: 2)
        let target = report.suites[0].targets[0]
        #expect(target.caseCount == cases.count)
        #expect(target.counts == OutcomeCounts(of: cases))
        #expect(target.cases.map(\.id) == ["roman", "comma"])
        #expect(target.spool?.omitted == 2)
        let text = try Self.files(report)["text"] ?? ""
        #expect(text.contains("tuned: 2 more cases not listed here (see junit.xml or results.json)"))
        #expect(text.contains("tuned: 1 case not run (interrupted)"))
        let json = try #require(try Self.files(report)["json"])
        let decoded = try JSONReporter.decode(Data(json.utf8), path: "results.json")
        #expect(decoded.suites[0].targets[0].cases.map(\.id) == cases.map(\.id))
    }

    @Test("golden verdicts: reports written from the spool are byte for byte those written from the cases")
    func sameBytesWithGoldenVerdicts() async throws {
        let cases = Self.cases()
        let ids = cases.map(\.id)
        let answered = cases.filter { $0.outcome == .passed || $0.outcome == .failed }
        // Unchanged, changed and new entries, several new ones or a single one.
        for storedCount in [0, 1, answered.count - 1] {
            let entries = answered.prefix(storedCount).enumerated().map { number, item in
                GoldenFile.Entry(id: item.id, prompt: item.prompt, output: number == 0 ? (item.output ?? "") : "other")
            }
            let golden = GoldenFile(suite: "s", target: "tuned", entries: entries)
            for (mode, ci, strict) in [(GoldenMode.check, false, false), (.check, true, false), (.check, false, true), (.update, false, false)] {
                let checked = await GoldenChecker.check(
                    cases: cases, hasExpect: Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0.matcherVerdict != nil) }), golden: golden,
                    allCaseIDs: ids, suite: "s", target: "tuned", mode: mode, ciMode: ci, strict: strict, matcherFor: { _ in nil },
                    acceptCommand: "evals accept s.yaml-lite --target tuned", model: nil).cases
                let whole = try Self.files(Self.report(checked, spooled: false))
                let spooled = try Self.files(Self.report(checked, spooled: true))
                for name in whole.keys.sorted() {
                    #expect(spooled[name] == whole[name], "\(name) differs: \(storedCount) stored, \(mode) ci=\(ci) strict=\(strict)")
                }
            }
        }
    }

    @Test("a replayable spool gives its cases back as they were added")
    func replayGivesTheCasesBack() throws {
        let cases = Self.cases()
        let spool = try SpooledCases(suite: "s", target: ReportFixtures.single(cases).suites[0].targets[0], replayable: true) { _ in false }
        for item in cases { try spool.add(item) }
        try spool.finish()
        #expect(try (0..<spool.count).map(spool.replayedCase) == cases)
    }
}
