import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitReporters

@Suite("HTMLReporter")
struct HTMLReporterTests {
    static let html = HTMLReporter.render(ReportFixtures.run())

    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;"),
        ("nul\u{0}x", "nul<span class=\"c\">\\u{0}</span>x"),
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("line\r\nnext\rcr\tt", "line\nnext<span class=\"c\">\\u{D}</span>cr\tt"),
        ("\u{202E}rtl", "<span class=\"c\">\\u{202E}</span>rtl"),
    ])
    func textIsEscapedAndMadeVisible(input: String, expected: String) {
        #expect(HTMLEscaping.text(input) == expected)
    }

    @Test func attributesEscapeQuotesAndShowLineEnds() {
        #expect(HTMLEscaping.attribute("\" onerror='x'\n<b>") == "&quot; onerror=&#39;x&#39;\\u{A}&lt;b&gt;")
    }

    @Test func longTextIsCutWithTheCountLeftOut() {
        let text = String(repeating: "x", count: 2500)
        #expect(HTMLEscaping.text(text, limit: 2000) == String(repeating: "x", count: 2000) + "<span class=\"more\">… 500 more characters</span>")
    }

    @Test func theVerdictTheGatesAndThePolicyComeFirst() {
        let html = Self.html
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"))
        #expect(html.contains("<title>evals: FAIL</title>"))
        #expect(html.contains("<p class=\"fail\">tuned: 4 passed, 2 failed, 1 errors, 1 skipped (pass rate 66.6%)</p><p class=\"fail\">local: 2 passed, 1 failed, 0 errors, 0 skipped (pass rate 66.6%)</p>"))
        #expect(html.contains("<tr class=\"gate\" data-gate=\"max_regressions\" data-target=\"tuned\" data-passed=\"false\"><td>next-number</td><td>max_regressions</td><td>tuned</td><td>2 &lt;= 0</td><td class=\"fail\">FAIL</td></tr>"))
    }

    @Test func targetsShowCountsRatesAndAWilsonBar() {
        let html = Self.html
        #expect(html.contains("<tr class=\"target\" data-suite=\"next-number\" data-target=\"tuned\" data-judged=\"true\" data-passed=\"4\" data-failed=\"2\" data-error=\"1\" data-skipped=\"1\">"))
        #expect(html.contains("<th>base <small>(baseline)</small></th>"))
        // 4 of 6: Wilson 95% interval 30.0%–90.3%.
        #expect(html.contains("<td>66.6% (29.9%–90.3%) <svg class=\"bar\" viewBox=\"0 0 100 10\""), "\(html)")
        #expect(html.contains("<td>15 / 11</td><td>12 ms / 40 ms</td>"))
    }

    @Test func tagsAreATableOfTagsByTarget() {
        #expect(Self.html.contains("<tr><th>heldout</th><td>50.0% <small>(1/2)</small></td><td>100.0% <small>(1/1)</small></td><td>50.0% <small>(1/2)</small></td></tr>"))
    }

    @Test func comparisonsShowTransitionsAndMcNemar() {
        #expect(Self.html.contains("<tr class=\"comparison\" data-baseline=\"base\" data-candidate=\"tuned\" data-regressed=\"2\" data-fixed=\"1\"><th>base → tuned</th><td class=\"fail\">2</td><td>1</td><td>1</td><td>0</td><td>1</td><td>3</td><td>1.000</td></tr>"))
        #expect(Self.html.contains("<dd><span>McNemar p (regressed vs fixed)</span> n/a</dd>"))
    }

    @Test func comparisonsShowThePairedDifferenceAndWhatTheSuiteCanDetect() {
        var comparison = ComparisonReport(
            baseline: "base", candidate: "tuned", fixed: 1, regressed: 3, stillPassing: 16, mcnemarP: 0.625,
            baselinePassRate: RateInterval(rate: 0.85, low: 0.64, high: 0.95), candidatePassRate: RateInterval(rate: 0.75, low: 0.53, high: 0.89),
            pairedCases: 20, pairedDifference: PairedDifference(mean: -0.1, low: -0.3, high: 0.1), pairedSD: 0.4472, mde: 0.2801, casesNeeded: 314)
        comparison.detect = 0.05
        let figures = HTMLReporter.comparisonFigures(comparison)
        #expect(figures.map(\.term).suffix(2) == ["Paired difference", "Power"])
        #expect(figures.last?.value == HTMLEscaping.text(StatisticsWording.power(comparison) ?? ""))
        #expect(figures[figures.count - 2].value.contains("paired difference (tuned minus base): -10.0 points (95% CI -30.0 to +10.0) over 20 cases"))
    }

    @Test func eachCaseShowsEveryTargetSideBySideWithItsDiffs() throws {
        let html = Self.html
        let start = try #require(html.range(of: "<article class=\"case k-failed\" data-o=\"failed passed\" data-t=\"regressed changed still_passing\" data-g=\"roman&#10;heldout\">"))
        let end = try #require(html[start.lowerBound...].range(of: "</article>"))
        let entry = String(html[start.lowerBound..<end.upperBound])
        let columns = ["<h5>base <span class=\"o-passed\">passed</span></h5><pre>IV</pre>",
                       "<h5>tuned <span class=\"o-failed\">failed</span></h5><pre>4</pre><p class=\"msg\">expected to match /^IV$/, got &quot;4&quot;</p>",
                       "<h5>local <span class=\"o-passed\">passed</span></h5><pre>IV</pre>"]
        var position = entry.startIndex
        for column in columns {
            let found = try #require(entry[position...].range(of: column), "\(column) in \(entry)")
            position = found.upperBound
        }
        #expect(entry.contains("<h5>base → tuned</h5><pre class=\"diff\"><span class=\"dh\">--- base</span><span class=\"dh\">+++ tuned</span><span class=\"dh\">@@ -1 +1 @@</span><span class=\"dd\">-IV</span><span class=\"di\">+4</span></pre>"), "\(entry)")
        #expect(html.contains("<h5>golden → tuned</h5><pre class=\"diff\"><span class=\"dh\">--- golden</span><span class=\"dh\">+++ output</span><span class=\"dd\">-5</span><span class=\"di\">+five</span></pre>"))
    }

    @Test func theFiltersOfferEveryOutcomeTransitionAndTag() {
        let html = Self.html
        #expect(html.contains("<form id=\"filters\" hidden>"), "shown only by the script")
        #expect(html.contains("<option>still_failing</option><option>incomparable</option><option value=\"changed\">output changed</option>"))
        #expect(html.contains("<option value=\"\">any</option><option>digits</option><option>heldout</option><option>roman</option><option>words</option>"))
        #expect(html.contains("<output id=\"shown\">8</output> of <span id=\"total\">8</span> shown"))
    }

    @Test func theScriptHoldsNoMarkupAndNothingLoadsFromElsewhere() throws {
        let script = HTMLReporter.script
        #expect(!script.contains("<") && !script.contains("</"))
        let html = Self.html
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.range(of: #"(src|href)=""#, options: .regularExpression) == nil)
    }

    @Test func aLargeReportStaysWithinItsBudget() {
        let cases = (0..<2000).map { index in
            CaseReport(id: "case-\(index)", prompt: "What follows \(index)?", tags: ["t\(index % 7)"], output: "\(index + 1)", outcome: index % 10 == 0 ? .failed : .passed,
                       messages: index % 10 == 0 ? ["expected \"\(index + 2)\", got \"\(index + 1)\""] : [], transition: .stillPassing, outputChanged: false)
        }
        let html = HTMLReporter.render(ReportFixtures.single(cases, gates: []))
        #expect(html.utf8.count < 2048 * cases.count + 200_000, "\(html.utf8.count) bytes")
    }
}
