import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitReporters
@testable import EvalKitRunner

@Suite("JSONReporter")
struct JSONReporterTests {
    /// The example of SPEC §9, whose names are fixed.
    static let specExample = #"""
    {"schema": "evals.results/1", "evals_version": "…", "started_at": "…", "finished_at": "…",
     "interrupted": false, "exit_code": 0, "shard": "2/3",
     "suites": [{"suite": "next-number", "file": "suites/next-number.yaml-lite",
       "gate": {"min_pass_rate": 1.0, "max_regressions": null, "significant_regression": null,
                "max_error_rate": 0.0},
       "baseline": "base",
       "targets": [{"target": "tuned", "provider": "gemini", "model": "tunedModels/x",
         "judged": true,
         "counts": {"passed": 0, "failed": 0, "error": 0, "skipped": 0}, "pass_rate": 1.0,
         "golden_changed": 0,
         "tags": {"heldout": {"passed": 0, "failed": 0, "pass_rate": null}},
         "latency_ms": {"p50": 0, "p95": 0}, "usage": {"prompt_tokens": 0, "completion_tokens": 0},
         "cases": [{"id": "digits-1", "prompt": "1", "output": "2", "outcome": "passed",
           "reason": null, "messages": [], "golden": "unchanged", "golden_output": "2",
           "transition": "still_passing", "output_changed": false,
           "latency_ms": 12.3, "retries": 0, "finish_reason": "STOP", "truncated": false,
           "usage": {"prompt_tokens": 3, "completion_tokens": 1},
           "samples": 1, "passes": 1, "flaky": false}]}],
       "comparisons": [{"baseline": "base", "candidate": "tuned", "fixed": 0, "regressed": 0,
         "still_passing": 0, "still_failing": 0, "incomparable": 0, "changed_outputs": 0,
         "mcnemar_p": 1.0,
         "baseline_pass_rate": {"rate": 0.5, "low": 0.3, "high": 0.7},
         "candidate_pass_rate": {"rate": 0.9, "low": 0.7, "high": 0.97}}],
       "gates": [{"gate": "min_pass_rate", "target": "tuned", "limit": 1.0, "value": 1.0,
         "passed": true}]}]}
    """#

    /// Every key path of a JSON value, arrays as `[]` and the keys of `tags` (free names) as `*`.
    private static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let name = prefix.hasSuffix(".tags") ? "*" : key
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                paths.insert(path)
                paths.formUnion(keyPaths(child, prefix: path))
            }
        } else if let array = value as? [Any] {
            for child in array { paths.formUnion(keyPaths(child, prefix: prefix + "[]")) }
        }
        return paths
    }

    /// The report with every optional of the SPEC example left nil somewhere.
    private static func reportWithNulls() -> RunReport {
        var report = ReportFixtures.run()
        report.shard = nil
        report.suites[0].baseline = nil
        report.suites[0].comparisons[1].mcnemarP = nil
        return report
    }

    @Test func everyNameOfTheSpecExampleIsPresentEvenWhenNull() throws {
        let example = try JSONSerialization.jsonObject(with: Data(Self.specExample.utf8))
        let rendered = try JSONSerialization.jsonObject(with: JSONReporter.render(Self.reportWithNulls()))
        let missing = Self.keyPaths(example).subtracting(Self.keyPaths(rendered))
        #expect(missing.isEmpty, "missing: \(missing.sorted())")
    }

    @Test func absentValuesAreExplicitNulls() throws {
        let json = try JSONSerialization.jsonObject(with: JSONReporter.render(Self.reportWithNulls())) as? [String: Any]
        let root = try #require(json)
        #expect(root["shard"] is NSNull)
        #expect(root["schema"] as? String == "evals.results/1")
        let suite = try #require((root["suites"] as? [[String: Any]])?.first)
        #expect(suite["baseline"] is NSNull)
        #expect((suite["gate"] as? [String: Any])?["significant_regression"] is NSNull)
        let tuned = try #require((suite["targets"] as? [[String: Any]])?.first)
        let comma = try #require((tuned["cases"] as? [[String: Any]])?.first { $0["id"] as? String == "comma" })
        #expect(comma["output"] is NSNull)
        #expect(comma["reason"] is NSNull)
        #expect(comma["latency_ms"] is NSNull)
        #expect(comma["outcome"] as? String == "error")
        let later = try #require((tuned["cases"] as? [[String: Any]])?.first { $0["id"] as? String == "later" })
        #expect(later["reason"] as? String == "interrupted")
        let comparison = try #require((suite["comparisons"] as? [[String: Any]])?.last)
        #expect(comparison["mcnemar_p"] is NSNull)
    }

    @Test func roundTripGivesTheSameReport() throws {
        let report = ReportFixtures.run()
        let decoded = try JSONReporter.decode(JSONReporter.render(report), path: "results.json")
        #expect(decoded == report)
        let nulls = Self.reportWithNulls()
        #expect(try JSONReporter.decode(JSONReporter.render(nulls), path: "results.json") == nulls)
    }

    @Test func theMatchersVerdictIsKeptAndAnOlderFileFallsBackToTheOutcome() throws {
        var report = ReportFixtures.run()
        report.suites[0].targets[0].cases[0].matcherVerdict = .passed
        report.suites[0].targets[0].cases[1].matcherVerdict = .failed
        let text = String(decoding: JSONReporter.render(report), as: UTF8.self)
        #expect(text.contains("\"matcher_verdict\" : \"passed\""))
        #expect(text.contains("\"matcher_verdict\" : null"), "a golden-only or unjudged case has none")
        let decoded = try JSONReporter.decode(Data(text.utf8), path: "results.json")
        #expect(decoded.suites[0].targets[0].cases.map(\.matcherVerdict) == report.suites[0].targets[0].cases.map(\.matcherVerdict))

        let older = text.replacingOccurrences(of: #"\s*"matcher_verdict" : [^,]*,"#, with: "", options: .regularExpression)
        #expect(!older.contains("matcher_verdict"))
        let fallback = try JSONReporter.decode(Data(older.utf8), path: "old.json").suites[0].targets[0].cases
        #expect(fallback.map(\.matcherVerdict) == fallback.map { $0.outcome == .passed || $0.outcome == .failed ? $0.outcome : nil })
    }

    @Test func outputIsDeterministicSortedAndReadable() throws {
        let first = JSONReporter.render(ReportFixtures.run())
        let second = JSONReporter.render(ReportFixtures.run())
        #expect(first == second)
        #expect(JSONReporter.render(try JSONReporter.decode(first, path: "r.json")) == first)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"evals_version\" : \"0.1.0\",\n  \"exit_code\" : 1,\n"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"file\" : \"suites/next-number.yaml-lite\""))
        #expect(text.contains("\"latency_ms\" : 12.3,"))
        #expect(text.contains("\"duration_s\" : 12.3456,"))
        #expect(!text.contains("\\/"))
    }

    @Test func nonFiniteNumbersStillEncodeAndRoundTrip() throws {
        var report = ReportFixtures.run()
        report.suites[0].targets[0].cases[0].latencyMs = .infinity
        let data = JSONReporter.render(report)
        #expect(String(decoding: data, as: UTF8.self).contains("\"latency_ms\" : \"Infinity\""))
        #expect(try JSONReporter.decode(data, path: "r.json") == report)
    }

    @Test(arguments: [
        ("{\"schema\": \"evals.results/9\", \"suites\": []}", "old.json: error: unsupported results schema \"evals.results/9\" (expected \"evals.results/1\")"),
        ("{\"suites\": []}", "old.json: error: not an evals results file: no \"schema\" field (expected \"evals.results/1\")"),
        ("{\"schema\": 3}", "old.json: error: not an evals results file: no \"schema\" field (expected \"evals.results/1\")"),
        ("[1, 2]", "old.json: error: not an evals results file: the top level is not a JSON object"),
        ("{\"schema\": \"evals.results/1\",", "old.json: error: not an evals results file: the file is not valid JSON"),
        ("", "old.json: error: not an evals results file: the file is not valid JSON"),
    ])
    func unreadableFilesAreClearErrors(text: String, expected: String) {
        #expect {
            try JSONReporter.decode(Data(text.utf8), path: "old.json")
        } throws: { error in
            (error as? JSONReporter.DecodeError)?.description == expected
        }
    }

    @Test func aMissingOrWrongFieldNamesWhereItIs() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: JSONReporter.render(ReportFixtures.run())) as? [String: Any])
        var suites = try #require(object["suites"] as? [[String: Any]])
        var targets = try #require(suites[0]["targets"] as? [[String: Any]])
        var cases = try #require(targets[1]["cases"] as? [[String: Any]])
        cases[2]["outcome"] = nil
        targets[1]["cases"] = cases
        suites[0]["targets"] = targets
        object["suites"] = suites
        let missing = try JSONSerialization.data(withJSONObject: object)
        #expect {
            try JSONReporter.decode(missing, path: "new.json")
        } throws: { error in
            (error as? JSONReporter.DecodeError)?.description == "new.json: error: malformed results file: missing field \"outcome\" at suites[0].targets[1].cases[2]"
        }

        cases[2]["outcome"] = "exploded"
        targets[1]["cases"] = cases
        suites[0]["targets"] = targets
        object["suites"] = suites
        let wrong = try JSONSerialization.data(withJSONObject: object)
        #expect {
            try JSONReporter.decode(wrong, path: "new.json")
        } throws: { error in
            let text = (error as? JSONReporter.DecodeError)?.description ?? ""
            return text.hasPrefix("new.json: error: malformed results file: field suites[0].targets[1].cases[2].outcome")
        }
    }
}
