@testable import EvalsCLI
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Quick start")
struct QuickStartTests {
    let suite = packageRoot.appendingPathComponent("suites/next-number.yaml-lite").path

    @Test func quickStartPassesEveryCaseAndWritesAllReports() async throws {
        let scratch = try Scratch()
        // The repository's golden file, copied: a run outside CI mode may write beside it.
        let golden = "golden/next-number/reference.golden"
        try scratch.write(golden, String(contentsOf: packageRoot.appendingPathComponent(golden), encoding: .utf8))
        let result = await scratch.run([suite, "--no-ci"])
        #expect(scratch.files(under: "golden") == ["next-number/reference.golden"], "the golden file holds every case")
        #expect(result.code == 0, "\(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("reference: 31 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)"))
        #expect(!result.stdout.contains("\u{1B}"), "no colour when stdout is not a terminal")
        let junit = try #require(scratch.read("reports/junit.xml"))
        let document = try XMLDocument(xmlString: junit)
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 1)
        let element = try #require(suites.first as? XMLElement)
        #expect(element.attribute(forName: "name")?.stringValue == "next-number[reference]")
        #expect(element.attribute(forName: "tests")?.stringValue == "31")
        #expect(element.attribute(forName: "failures")?.stringValue == "0")
        #expect(try document.nodes(forXPath: "//testcase").count == 31)
        let json = try #require(scratch.read("reports/results.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "evals.results/1")
        #expect(object["exit_code"] as? Int == 0)
        let text = try #require(scratch.read("reports/report.txt"))
        #expect(text.hasSuffix("reference: 31 passed, 0 failed, 0 errors, 0 skipped (pass rate 100.0%)\n"))
    }

    @Test func listShowsTargetsAndCases() async throws {
        let scratch = try Scratch()
        let result = await scratch.run(["list", suite, "--tag", "roman"])
        #expect(result.code == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "suite next-number (\(suite))")
        #expect(lines.contains("target reference reference next-number [default]"))
        #expect(lines.contains("target tuned gemini ${TUNED_MODEL}"))
        #expect(lines.contains("roman-3\theldout,roman\t\"III\""))
        #expect(lines.filter { $0.contains("\troman") || $0.contains(",roman\t") }.count == 4)
    }

    @Test func checkReportsTheSuiteAsValid() async throws {
        let scratch = try Scratch()
        let result = await scratch.run(["check", suite, "--no-ci"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\(suite): ok (31 cases, 4 targets; golden: "))
    }
}
