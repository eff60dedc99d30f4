@testable import EvalsCLI
import Foundation
import Testing

/// `--markdown PATH` (SPEC §9): the summary for `$GITHUB_STEP_SUMMARY`, written only when asked,
/// with the verdict, the gates, per-target counts, per-tag pass rates and the changed cases.
@Suite("Markdown summary")
struct MarkdownTests {
    /// Suite `md` comparing `local` with `base`: `b` regresses, `c` is fixed, `d` errors on `local`.
    func prepare(_ scratch: Scratch) throws -> String {
        try scratch.answers("local", ["a": "a", "b": "wrong", "c": "c"])
        try scratch.answers("base", ["a": "a", "b": "b", "c": "wrong", "d": "d"])
        return try scratch.write("md.yaml-lite", """
            suite: md
            default_target: local
            targets:
            \(scratch.commandTarget("local"))
            \(scratch.commandTarget("base"))
            gate:
              max_regressions: 0
            cases:
              - {id: a, prompt: a, expect: a, tags: [easy]}
              - {id: b, prompt: b, expect: b, tags: [easy]}
              - {id: c, prompt: c, expect: c, tags: [hard]}
              - {id: d, prompt: d, expect: d, tags: [hard]}
            """)
    }

    @Test func theSummaryHoldsVerdictGatesCountsTagsAndChanges() async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let result = await scratch.run([path, "--baseline", "base", "--retries", "0", "--golden", "off", "--markdown", scratch.path("summary/step.md")])
        #expect(result.code == 1)
        let markdown = try #require(scratch.read("summary/step.md"))
        #expect(markdown.hasPrefix("## evals: FAIL\n\nSuites `md`; evals "), "\(markdown)")
        #expect(markdown.contains("""
            | suite | gate | target | value | limit | result |
            |---|---|---|---:|---:|---|
            | md | min\\_pass\\_rate | local | 0.667 | 1.000 | **FAIL** |
            | md | max\\_regressions | local | 1 | 0 | **FAIL** |
            | md | max\\_error\\_rate | local | 0.250 | 0.000 | **FAIL** |
            """), "\(markdown)")
        #expect(markdown.contains("| md | local | 2 | 1 | 1 | 0 | 66.6% |\n"))
        #expect(markdown.contains("| md | base (baseline) | 3 | 1 | 0 | 0 | 75.0% |\n"))
        #expect(markdown.contains("| md | local | easy | 1 | 1 | 50.0% |\n"))
        #expect(markdown.contains("| md | local | hard | 1 | 0 | 100.0% |\n"))
        let changes = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("| **regressed**") || $0.hasPrefix("| fixed") }
        #expect(changes == [
            "| **regressed** | md | b | base → local | `b` | `wrong` |",
            "| fixed | md | c | base → local | `wrong` | `c` |",
        ])
        #expect(scratch.files(under: "reports") == ["junit.xml", "report.html", "report.txt", "results.json"], "the summary goes only where asked")
    }

    @Test func aPassingRunSaysPassAndARunWithoutMarkdownWritesNone() async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        let passing = await scratch.run([path, "--filter", "^a$", "--golden", "off", "--markdown", scratch.path("pass.md")])
        #expect(passing.code == 0)
        let markdown = try #require(scratch.read("pass.md"))
        #expect(markdown.hasPrefix("## evals: PASS\n"))
        #expect(markdown.contains("| md | local | 1 | 0 | 0 | 0 | 100.0% |\n"), "deselected cases are not skipped")
        #expect(!markdown.contains("### Changed cases"), "no comparison, no changed cases")

        let errors = await scratch.run([path, "--filter", "^[ad]$", "--retries", "0", "--golden", "off", "--markdown", scratch.path("error.md")])
        #expect(errors.code == 3)
        #expect(scratch.read("error.md")?.hasPrefix("## evals: ERROR (more errors than max_error_rate allows; rerun)\n") == true)

        let plain = await scratch.run([path, "--filter", "^a$", "--golden", "off", "--out", scratch.path("plain")])
        #expect(plain.code == 0)
        #expect(scratch.files(under: "plain") == ["junit.xml", "report.html", "report.txt", "results.json"])
    }

    @Test func mergeWritesTheSummaryOfTheWholeRun() async throws {
        let scratch = try Scratch()
        let path = try prepare(scratch)
        var shards: [String] = []
        for k in 1...2 {
            let shard = await scratch.run([path, "--baseline", "base", "--retries", "0", "--golden", "off", "--shard", "\(k)/2", "--out", scratch.path("s\(k)"), "--markdown", scratch.path("s\(k).md")])
            #expect(shard.code == 0)
            #expect(scratch.read("s\(k).md")?.contains("; shard \(k)/2.") == true)
            shards.append(scratch.path("s\(k)/results.json"))
        }
        let merge = await scratch.run(["merge"] + shards + ["--markdown", scratch.path("merged.md")])
        #expect(merge.code == 1)
        let merged = try #require(scratch.read("merged.md"))
        #expect(merged.hasPrefix("## evals: FAIL\n"))
        #expect(!merged.contains("; shard "))
        #expect(merged.contains("| md | local | 2 | 1 | 1 | 0 | 66.6% |\n"))
    }
}
