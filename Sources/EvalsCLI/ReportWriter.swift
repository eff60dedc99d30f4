import EvalKit
import Foundation

/// Writes a run's reports to their files, atomically, and the text report to stdout.
struct ReportWriter {
    let console: Console

    /// `defaults`: write JUnit, JSON and text to their default paths under `--out` unless given
    /// (a run, a merge); otherwise only the reports whose path was given (a compare).
    func write(_ report: RunReport, defaults: Bool) {
        let options = console.options
        let text = TextReporter(color: false, verbose: options.verbose, ciMode: console.ciMode).render(report)
        var files: [(URL, Data)] = []
        if defaults || options.junit != nil {
            files.append((console.reportPath(options.junit, default: "junit.xml"), Data(JUnitReporter.render(report, hostname: Console.hostname).utf8)))
        }
        if defaults || options.json != nil {
            files.append((console.reportPath(options.json, default: "results.json"), JSONReporter.render(report)))
        }
        if defaults || options.report != nil {
            files.append((console.reportPath(options.report, default: "report.txt"), Data(text.utf8)))
        }
        if let markdown = options.markdown {
            files.append((URL(fileURLWithPath: markdown), Data(MarkdownReporter.render(report).utf8)))
        }
        for (url, data) in files {
            do {
                try AtomicFile.write(data, to: url)
            } catch {
                console.error("could not write \(url.path): \(error)")
            }
        }
        let colour = console.colorEnabled(for: console.stdout)
        if options.quiet {
            var lines = ""
            for suite in report.suites {
                for target in suite.targets where target.judged {
                    lines += TextReporter.closingLine(target: target.target, counts: target.counts) + "\n"
                }
            }
            console.stdout.write(lines)
        } else {
            let shown = colour ? TextReporter(color: true, verbose: options.verbose, ciMode: console.ciMode).render(report) : text
            console.stdout.write(shown.hasSuffix("\n") ? shown : shown + "\n")
        }
    }
}
