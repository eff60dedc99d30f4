import EvalKit
import Foundation
import Synchronization

/// Writes a run's reports to their files, atomically, and the text report to stdout.
struct ReportWriter {
    let console: Console

    /// One report file: where it goes and how to render it.
    private struct Job: Sendable {
        var url: URL
        var render: @Sendable () -> String
    }

    /// `defaults`: write JUnit, JSON, text and HTML to their default paths under `--out` unless given
    /// (a run, a merge); otherwise only the reports whose path was given (a compare).
    /// The reports are rendered and written side by side: on a large run they are most of the
    /// time left after the last answer. Returns false when a report could not be written (each
    /// failure is named on stderr), which makes the command fail.
    /// The text report, with the command line's hints: `--verbose` to see what it cuts short and
    /// the `evals accept` command of a pending golden file.
    static func textReporter(color: Bool, verbose: Bool, ciMode: Bool) -> TextReporter {
        TextReporter(
            color: color, verbose: verbose, ciMode: ciMode, showAllHint: "--verbose shows all",
            acceptCommand: { file, target in acceptCommand(suiteFile: file, target: target) })
    }

    /// `evals accept FILE --target NAME`, which moves a target's pending golden file into place.
    static func acceptCommand(suiteFile: String, target: String) -> String {
        "evals accept \(suiteFile) --target \(target)"
    }

    @discardableResult
    func write(_ report: RunReport, defaults: Bool) -> Bool {
        let options = console.options
        let plain = Self.textReporter(color: false, verbose: options.verbose, ciMode: console.ciMode)
        var jobs: [Job] = []
        if defaults || options.junit != nil {
            jobs.append(Job(url: console.reportPath(options.junit, default: "junit.xml")) { JUnitReporter.render(report, hostname: Console.hostname) })
        }
        if defaults || options.json != nil {
            jobs.append(Job(url: console.reportPath(options.json, default: "results.json")) { JSONReporter.renderText(report) })
        }
        if defaults || options.report != nil {
            jobs.append(Job(url: console.reportPath(options.report, default: "report.txt")) { plain.render(report) })
        }
        if defaults || options.html != nil {
            jobs.append(Job(url: console.reportPath(options.html, default: "report.html")) { HTMLReporter.render(report) })
        }
        if let markdown = options.markdown {
            jobs.append(Job(url: URL(fileURLWithPath: markdown)) { MarkdownReporter.render(report) })
        }
        let failures = Mutex<[String]>([])
        let work = jobs
        // Spooled targets' cases are copied from their fragment files while each file is written.
        let spools = report.suites.flatMap(\.targets).compactMap(\.spool)
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let job = work[index]
            do {
                let text = job.render()
                try AtomicFile.write(to: job.url) { output in try SpooledCases.splice(text, spools: spools, write: output) }
            } catch {
                failures.withLock { $0.append("could not write \(job.url.path): \(error)") }
            }
        }
        let unwritten = failures.withLock { $0 }
        for failure in unwritten { console.error(failure) }

        if options.quiet {
            var lines = ""
            for suite in report.suites {
                for target in suite.targets where target.judged {
                    lines += TextReporter.closingLine(target: target.target, counts: target.counts) + "\n"
                }
            }
            console.stdout.write(lines)
        } else {
            let colour = console.colorEnabled(for: console.stdout)
            let shown = Self.textReporter(color: colour, verbose: options.verbose, ciMode: console.ciMode).render(report)
            console.stdout.write(shown.hasSuffix("\n") ? shown : shown + "\n")
        }
        return unwritten.isEmpty
    }
}
