import EvalKit
import EvalKitTesting
import FakeModelServer
import Foundation
import Testing

@Suite struct SuiteRunTests {
    let folder: URL
    let server: FakeModelServer

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evals-suiterun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        server = try FakeModelServer()
    }

    func suitePath() throws -> String {
        let text = """
            suite: roman
            default_target: tuned
            targets:
              tuned:
                provider: openai
                base_url: \(server.baseURL)/v1
                model: next-number
              base:
                provider: openai
                base_url: \(server.baseURL)/v1
                model: base
            cases:
              - id: digits
                prompt: "1"
                expect: "2"
              - id: roman
                prompt: III
                expect: IV
              - id: words
                prompt: nine
                expect: ten
            """
        let path = folder.appendingPathComponent("roman.yaml-lite").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func options(golden: GoldenMode = .off) -> SuiteRun.Options {
        SuiteRun.Options(environment: [:], golden: golden, goldenDirectory: folder.appendingPathComponent("golden").path, ciMode: false)
    }

    @Test func aRunComparesTheTargetWithItsBaseline() async throws {
        defer { server.stop() }
        let run = try await Suite.load(try suitePath()).run(targets: ["tuned"], baseline: "base", options: options())
        #expect(run.passRate("tuned") == 1)
        #expect(run.passRate("base") == 1.0 / 3.0)
        let comparison = try #require(run.comparison(baseline: "base", candidate: "tuned"))
        #expect(comparison.fixed == 2 && comparison.regressed == 0)
        let reversed = try #require(run.comparison(baseline: "tuned", candidate: "base"))
        #expect(reversed.regressed == 2)
        #expect(run.comparison(baseline: "base", candidate: "nobody") == nil)
        let log = FailureLog()
        await log.collect { #expect(run.assertGates()) }
        #expect(log.messages.isEmpty)
    }

    @Test func assertGatesRecordsEachFailedGateWithItsCases() async throws {
        defer { server.stop() }
        let run = try await Suite.load(try suitePath()).run(targets: ["base"], options: options())
        #expect(!run.passed)
        let log = FailureLog()
        var line: UInt = 0
        await log.collect {
            line = #line; #expect(!run.assertGates())
        }
        #expect(log.messages == ["""
            GATE min_pass_rate[base] 0.333 >= 1.000 FAIL
              roman: expected "IV", got "4"
              words: expected "ten", got "10"
            """])
        #expect(log.lines == [line])
    }

    @Test func aCostLimitStopsSendingAndNeedsAPrice() async throws {
        defer { server.stop() }
        var options = options()
        options.runner = RunnerOptions(concurrency: 1)
        options.gate = GateOverrides(maxCost: 2)
        // Every prompt is one word, so one token: $1 at $1,000,000 per million.
        let priced = try Suite.load(try suitePath(), overrides: [
            try SuiteOverride.parse("targets.tuned.price.input=1000000"), try SuiteOverride.parse("targets.tuned.price.output=0"),
        ])
        let run = try await priced.run(targets: ["tuned"], options: options)
        let cases = try #require(run.target("tuned")?.cases)
        #expect(cases.count(where: { $0.outcome == .passed }) == 2)
        #expect(cases.count(where: { $0.reason == .costLimit }) == 1)
        #expect(run.target("tuned")?.cost?.usd == 2)
        #expect(run.gates.first { $0.gate == .maxCost }?.passed == false)

        let unpriced = try Suite.load(try suitePath())
        do {
            _ = try await unpriced.run(targets: ["tuned"], options: options)
            Issue.record("a cost limit over a target without a price runs")
        } catch {
            #expect(error.message.contains("a cost limit of $2.00 counts what every target run costs, but target 'tuned' has no price"), "\(error.message)")
        }
    }

    @Test func aSelectionRunsSomeCases() async throws {
        defer { server.stop() }
        var options = options()
        options.selection = try CaseSelection(filters: ["^ro"])
        let run = try await Suite.load(try suitePath()).run(targets: ["base"], options: options)
        #expect(run.target("base")?.cases.map(\.id) == ["roman"])
        #expect(run.report.deselected == 2)
        #expect(run.passRate("base") == 0)
    }

    @Test func goldenFilesAreCheckedAsTheCommandLineChecksThem() async throws {
        defer { server.stop() }
        let suite = try Suite.load(try suitePath())
        let run = try await suite.run(options: options(golden: .check))
        #expect(run.passed)
        let pending = folder.appendingPathComponent("golden/roman/tuned.golden.new").path
        #expect(FileManager.default.fileExists(atPath: pending))
        #expect(run.goldenNotes.contains { $0.contains("run `suite.run(targets: [\"tuned\"], options: .init(golden: .update))` to accept it") }, "\(run.goldenNotes)")
        _ = try await suite.run(options: options(golden: .update))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("golden/roman/tuned.golden").path))
        #expect(!FileManager.default.fileExists(atPath: pending))
    }

    @Test func anUnknownTargetIsADiagnosticWithTheValidNames() async throws {
        defer { server.stop() }
        let suite = try Suite.load(try suitePath())
        await #expect { try await suite.run(targets: ["tunned"], options: options()) } throws: { error in
            "\(error)".contains("suite 'roman' has no target 'tunned' (did you mean 'tuned'?); its targets are tuned, base")
        }
        await #expect(throws: (any Error).self) { try await suite.run(targets: ["tuned"], baseline: "tuned", options: options()) }
    }
}
