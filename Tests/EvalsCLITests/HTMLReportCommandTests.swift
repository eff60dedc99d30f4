@testable import EvalsCLI
import Foundation
import Testing

/// Where `report.html` goes (SPEC §2, §14): under `--out` for `run` and `merge`, at `--html PATH`
/// when given, and for `compare` only where asked; a run that cannot start removes an earlier one.
@Suite("HTML report files")
struct HTMLReportCommandTests {
    func suite(_ scratch: Scratch) throws -> String {
        try scratch.answers("local", ["a": "a", "b": "<b>wrong</b>"])
        return try scratch.write("h.yaml-lite", """
            suite: h
            default_target: local
            targets:
            \(scratch.commandTarget("local"))
            cases:
              - {id: a, prompt: a, expect: a}
              - {id: b, prompt: b, expect: b}
            """)
    }

    @Test func htmlMovesTheReportAndItHoldsTheRunsCounts() async throws {
        let scratch = try Scratch()
        let path = try suite(scratch)
        let result = await scratch.run([path, "--golden", "off", "--html", scratch.path("pages/index.html")])
        #expect(result.code == 1)
        #expect(scratch.files(under: "reports") == ["junit.xml", "report.txt", "results.json"])
        let html = try #require(scratch.read("pages/index.html"))
        #expect(html.contains("data-target=\"local\" data-judged=\"true\" data-passed=\"1\" data-failed=\"1\" data-error=\"0\" data-skipped=\"0\">"))
        #expect(html.contains("<pre>&lt;b&gt;wrong&lt;/b&gt;</pre>"))
    }

    @Test func aRunThatCannotStartRemovesTheEarlierHTMLReportWhereverItWent() async throws {
        let scratch = try Scratch()
        try scratch.write("pages/index.html", "an earlier run's report")
        try scratch.write("reports/report.html", "not this run's: --html moved it")
        let result = await scratch.run(["x.yaml-lite", "--tagg", "a", "--html", scratch.path("pages/index.html")])
        #expect(result.code == 2)
        #expect(scratch.files(under: "pages").isEmpty)
        #expect(scratch.files(under: "reports") == ["junit.xml", "report.html"])
    }
}
