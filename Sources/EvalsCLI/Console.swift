import EvalKit
import Foundation
import YAMLLite

/// The CLI's view of its surroundings: the streams, colour, CI mode and the environment.
struct Console: Sendable {
    let environment: [String: String]
    let options: Options
    let stdout: TextSink
    let stderr: TextSink

    /// CI mode: `--ci`/`--no-ci`, else on when `CI` is set to anything but empty, `0` or `false`.
    var ciMode: Bool {
        if let explicit = options.ci { return explicit }
        return Self.truthy(environment["CI"])
    }

    /// Whether CI mode came from the command line rather than the environment.
    var ciModeIsExplicit: Bool { options.ci == true }

    static func truthy(_ value: String?) -> Bool {
        EnvironmentFlag.isOn(value)
    }

    func colorEnabled(for sink: TextSink) -> Bool {
        switch options.color {
        case .always: true
        case .never: false
        case .auto: sink.isTerminal && environment["NO_COLOR"] == nil
        }
    }

    func error(_ message: String) {
        stderr.write(paint("evals: error: ", .red, on: stderr) + message + "\n")
    }

    func warning(_ message: String) {
        stderr.write(paint("evals: warning: ", .yellow, on: stderr) + message + "\n")
    }

    func diagnostic(_ diagnostic: Diagnostic) {
        var text = diagnostic.rendered()
        if colorEnabled(for: stderr) {
            let word = diagnostic.severity == .error ? "error:" : "warning:"
            let colour: Paint = diagnostic.severity == .error ? .red : .yellow
            if let range = text.range(of: " \(word) ") ?? text.range(of: "\(word) ") {
                text.replaceSubrange(range, with: text[range].replacingOccurrences(of: word, with: colour.wrap(word)))
            }
        }
        stderr.write(text + "\n")
    }

    enum Paint: String {
        case red = "31", green = "32", yellow = "33", dim = "2", bold = "1"
        func wrap(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
    }

    func paint(_ text: String, _ colour: Paint, on sink: TextSink) -> String {
        colorEnabled(for: sink) ? colour.wrap(text) : text
    }

    /// The path of a report: the explicit option, else the default name under `--out`.
    func reportPath(_ explicit: String?, default name: String) -> URL {
        URL(fileURLWithPath: explicit ?? (options.out as NSString).appendingPathComponent(name))
    }

    /// The JUnit file of a run that could not start: one `harness` testcase with the error; the
    /// other reports of an earlier run at the same paths are removed, so none is taken for this one (SPEC §2).
    func writeHarnessReport(error message: String, options: Options) {
        let xml = JUnitReporter.harness(error: message, suiteName: nil, hostname: Self.hostname)
        let stale = [
            Self.reportPath(options.json, default: "results.json", out: options.out),
            Self.reportPath(options.report, default: "report.txt", out: options.out),
            Self.reportPath(options.html, default: "report.html", out: options.out),
        ]
        // Only regular files: a report path may be a device or FIFO (`--json /dev/null`).
        for url in stale where (try? FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType) == .typeRegular {
            do {
                try FileManager.default.removeItem(at: url)
            } catch {
                self.error("could not remove the earlier report \(url.path): \(error.localizedDescription)")
            }
        }
        let junit = Self.reportPath(options.junit, default: "junit.xml", out: options.out)
        do {
            try AtomicFile.write(Data(xml.utf8), to: junit)
        } catch {
            self.error("could not write \(junit.path): \(error)")
        }
    }

    private static func reportPath(_ explicit: String?, default name: String, out: String) -> URL {
        URL(fileURLWithPath: explicit ?? (out as NSString).appendingPathComponent(name))
    }

    static var hostname: String { ProcessInfo.processInfo.hostName }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
