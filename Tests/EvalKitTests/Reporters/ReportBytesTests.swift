import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitReporters
@testable import EvalKitResults
@testable import EvalKitSupport

/// The byte writers the spool uses for every case write what the String renderers write.
@Suite struct ReportBytesTests {
    /// The fixture's cases, plain passing cases the writers take their shortcut on, and cases
    /// with every optional field and with text that needs escaping.
    static let cases: [CaseReport] = {
        var cases = ReportFixtures.run().suites[0].targets.flatMap(\.cases)
        cases.append(CaseReport(id: "c1", prompt: "1", output: "2", outcome: .passed, matcherVerdict: .passed, latencyMs: 0.532,
                                durationSeconds: 0.0005324, finishReason: "stop", usage: TokenUsage(promptTokens: 1, completionTokens: 1),
                                modelVersion: "next-number", passes: 1))
        cases.append(CaseReport(id: "sys", prompt: "line one\nline\ttwo", system: "be brief", tags: ["a", "b"], output: "", outcome: .passed,
                                durationSeconds: 12.3456, retries: 2, finishReason: "length", truncated: true, samples: 1, passes: 1))
        cases.append(CaseReport(id: "unicode é", prompt: "日本語 🎉", output: nil, outcome: .passed, golden: .updated, durationSeconds: 1e10))
        var full = CaseReport(id: "full", prompt: "p", output: "o", outcome: .passed, golden: .off, latencyMs: .nan,
                              durationSeconds: .infinity, sampleResults: [SampleReport(output: "o", outcome: .passed)],
                              cached: true, cacheHits: 1, batch: true)
        full.index = 7
        full.reused = true
        full.cost = Cost(inputUSD: 0.000001, outputUSD: 0.5, unknownRequests: 1)
        cases.append(full)
        for (output, _) in JUnitReporterTests.hostileOutputs {
            cases.append(CaseReport(id: "hostile \(output)", prompt: output, system: output, tags: [output], output: output, outcome: .passed,
                                    finishReason: output))
        }
        cases.append(CaseReport(id: "long", prompt: String(repeating: "p", count: HTMLReporter.promptLimit + 1),
                                output: String(repeating: "o", count: HTMLReporter.outputLimit + 1), outcome: .passed))
        cases.append(CaseReport(id: "quote\"d", prompt: "a < b", output: "it's", outcome: .passed))
        return cases
    }()

    @Test func caseJSONIsTheEncodersText() throws {
        for item in Self.cases {
            var bytes: [UInt8] = []
            item.appendJSON(indent: SpooledCases.jsonCaseIndent, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == (try JSONTextEncoder.encode(item, indent: SpooledCases.jsonCaseIndent)), "\(item.id)")
        }
    }

    @Test func testcaseBytesAreTheRenderersText() {
        for item in Self.cases {
            for classname in ["bench.local", "odd \"suite\".local"] {
                var bytes: [UInt8] = []
                JUnitReporter.appendTestcase(item, classname: classname, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == JUnitReporter.testcase(item, classname: classname), "\(item.id)")
            }
        }
    }

    @Test func htmlEntryBytesAreTheRenderersText() {
        for item in Self.cases {
            for target in [TargetReport(target: "local", provider: "openai", model: nil, judged: true, cases: []),
                           TargetReport(target: "base <old>", provider: "openai", model: nil, judged: false, cases: [])] {
                var bytes: [UInt8] = []
                HTMLReporter.appendEntry(for: item, target: target, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == HTMLReporter.entry(for: item, target: target), "\(item.id)")
            }
        }
    }

    @Test func timeBytesAreTheFormattedTime() {
        var values: [Double] = [0, -1, .nan, .infinity, 1e-9, 0.0005, 0.0015, 0.0025, 12.3456, 123456.7, 999.9995, 1e6, 1e9, 0.1 + 0.2]
        for step in 0..<20_000 {
            values.append(Double(step) * 0.000_013_7)
            values.append(Double(step * 7) / 1000 + 0.0005)
        }
        for value in values {
            var bytes: [UInt8] = []
            JUnitReporter.appendTime(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == JUnitReporter.time(value), "\(value)")
        }
    }
}
