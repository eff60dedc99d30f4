import Testing
import Foundation
import YAMLLite
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitCompare
@testable import EvalKitGolden
@testable import EvalKitReporters
@testable import EvalKitSupport

/// What was served (SPEC §10.3): `model_version` per case, `model_versions` per target, the
/// `served by` line, and the warnings when compared runs or golden files were served by other versions.
@Suite struct ModelVersionTests {
    static func item(_ id: String, _ version: String?, outcome: Outcome = .passed) -> CaseReport {
        CaseReport(id: id, prompt: id, output: outcome == .error ? nil : "2", outcome: outcome, matcherVerdict: outcome == .error ? nil : outcome, modelVersion: version)
    }

    static func target(_ name: String = "tuned", provider: String = "vertex", model: String? = "endpoints/123", versions: [String?]) -> TargetReport {
        TargetReport(target: name, provider: provider, model: model, judged: true, cases: versions.enumerated().map { item("c\($0.offset)", $0.element) })
    }

    @Test func targetsCountTheCasesEachVersionServed() {
        let report = Self.target(versions: ["v1", "v2", "v1", nil])
        #expect(report.modelVersions == ["v1": 2, "v2": 1])
        #expect(report.servedVersions == ["v1", "v2"])
    }

    @Test(arguments: [
        ("endpoints/123", ["gemini-2.5-flash-001", "gemini-2.5-flash-001"], "gemini-2.5-flash-001"),
        ("gemini-2.5-flash", ["gemini-2.5-flash"], nil),
        ("models/gemini-2.5-flash", ["gemini-2.5-flash"], nil),
        ("gemini-flash-latest", ["gemini-2.5-flash-002"], "gemini-2.5-flash-002"),
        ("m", ["a", "b", "a"], "a (2 cases), b (1 case)"),
        ("m", [], nil),
    ] as [(String, [String], String?)])
    func theServedByLineShowsAnotherVersionOrSeveral(model: String, versions: [String], line: String?) {
        #expect(Self.target(model: model, versions: versions).servedByLine == line)
    }

    @Test func theTextReportPrintsServedByUnderTheTarget() {
        let report = Self.target(versions: ["gemini-2.5-flash-001"])
        let run = RunReport(evalsVersion: "0", startedAt: "", finishedAt: "", suites: [SuiteReport(suite: "s", file: "s.yaml-lite", targets: [report])])
        let lines = TextReporter(color: false).render(run).split(separator: "\n").map(String.init)
        let index = try? #require(lines.firstIndex(of: "  target tuned (vertex endpoints/123)"))
        #expect(index.map { lines[$0 + 1] } == "    served by gemini-2.5-flash-001")
    }

    @Test func resultsRoundTripTheVersions() throws {
        let report = Self.target(versions: ["v1", nil])
        let json = try JSONTextEncoder.encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["model_versions"] as? [String: Int] == ["v1": 1])
        #expect((object["cases"] as? [[String: Any]])?.map { $0["model_version"] as? String } == ["v1", nil])
        let decoded = try JSONDecoder().decode(TargetReport.self, from: Data(json.utf8))
        #expect(decoded == report)
    }

    @Test func aComparisonOfTheSameModelServedByOtherVersionsWarns() {
        let old = Self.target("tuned@old", versions: ["gemini-1.5-flash-002", "gemini-1.5-flash-002"])
        let new = Self.target("tuned@new", versions: ["gemini-2.0-flash-001", "gemini-2.0-flash-001"])
        let (comparison, _) = Comparator.compare(baseline: old, candidate: new)
        #expect(comparison.versionWarning == "the baseline was served by gemini-1.5-flash-002, the candidate by gemini-2.0-flash-001")
        let lines = TextReporter(color: false).render(RunReport(evalsVersion: "0", startedAt: "", finishedAt: "", suites: [
            ReportAssembler.assemble(SuiteReport(suite: "s", file: "s.yaml-lite", targets: [old, new]), pairs: [.init(baseline: "tuned@old", candidate: "tuned@new")]),
        ]))
        #expect(lines.contains("comparison tuned@old → tuned@new:\n  warning: the baseline was served by gemini-1.5-flash-002, the candidate by gemini-2.0-flash-001\n"))
    }

    @Test(arguments: [
        ("same versions", "m", ["v1"], ["v1"]),
        ("different models configured", "other", ["v1"], ["v2"]),
        ("baseline named none", "m", [nil], ["v2"]),
    ] as [(String, String, [String?], [String?])])
    func noWarningWhen(_ reason: String, baselineModel: String, before: [String?], after: [String?]) {
        let baseline = Self.target("base", model: baselineModel, versions: before)
        let candidate = Self.target("tuned", model: "m", versions: after)
        #expect(Comparator.versionWarning(baseline: baseline, candidate: candidate) == nil, "\(reason)")
    }

    @Test func goldenFilesRecordTheServedVersionAndWarnWhenItChanges() async throws {
        let cases = [Self.item("a", "v2"), Self.item("b", "v2"), Self.item("c", "v3"), Self.item("d", "v9", outcome: .error)]
        let file = GoldenChecker.updatedFile(cases: cases, golden: nil, allCaseIDs: ["a", "b", "c", "d"], suite: "s", target: "tuned", model: "m")
        #expect(file.modelVersion == "v2, v3")
        #expect(file.render().contains("\nmodel_version: \"v2, v3\"\n") || file.render().contains("\nmodel_version: v2, v3\n"))
        let parsed = try GoldenFile.parse(SourceFile(path: "g", text: file.render()), suite: "s", target: "tuned")
        #expect(parsed == file)

        let recorded = GoldenFile(suite: "s", target: "tuned", model: "m", modelVersion: "v1", entries: [.init(id: "a", output: "2")])
        #expect(GoldenChecker.versionWarning(cases: cases, golden: recorded, suite: "s", target: "tuned")
            == "golden: the golden file of s[tuned] was served by v1, this run by v2, v3; differences may come from the model version")
        #expect(GoldenChecker.versionWarning(cases: [Self.item("a", "v1")], golden: recorded, suite: "s", target: "tuned") == nil)
        #expect(GoldenChecker.versionWarning(cases: [Self.item("a", nil)], golden: recorded, suite: "s", target: "tuned") == nil)
    }
}
