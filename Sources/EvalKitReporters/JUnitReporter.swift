import Foundation
import EvalKitSupport
import EvalKitResults

/// The JUnit XML report (SPEC §9): one flat `<testsuite>` per suite × judged target, valid
/// against the xunit plugin's `junit-10.xsd`, safe for any model output.
public enum JUnitReporter {
    /// The report of a run.
    public static func render(_ report: RunReport, hostname: String) -> String {
        let timestamp = timestamp(fromISO8601: report.startedAt)
        var suites: [String] = []
        var tests = 0, failures = 0, errors = 0
        var summedTime = 0.0
        for suite in report.suites {
            for target in suite.targets where target.judged {
                let counts = target.counts
                tests += target.caseCount
                failures += counts.failed
                errors += counts.error
                let time = target.spool?.seconds ?? target.cases.reduce(0) { $0 + seconds($1.durationSeconds) }
                summedTime += time
                suites.append(testsuite(suite: suite, target: target, report: report, time: time, timestamp: timestamp, hostname: hostname))
            }
        }
        let wall = wallSeconds(from: report.startedAt, to: report.finishedAt) ?? summedTime
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"evals\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(time(wall))\">\n"
        for item in suites { xml += item }
        xml += "</testsuites>\n"
        return xml
    }

    /// The file written when a run could not start any case (exit 2): one `harness` testcase
    /// holding the error, so a CI job shows why. The message is the error's first line (for a
    /// diagnostic, `path:line:col: error: …`); the element text holds all of it.
    public static func harness(error: String, suiteName: String?, hostname: String, timestamp: Date = Date()) -> String {
        let name = suiteName ?? "evals"
        let firstLine = error.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }
        let message = oneLine(firstLine.map(String.init) ?? "the run could not start")
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"evals\" tests=\"1\" failures=\"0\" errors=\"1\" time=\"0.000\">\n"
        xml += "  <testsuite name=\"\(attr(name))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\" timestamp=\"\(attr(Self.timestamp(timestamp)))\" hostname=\"\(attr(hostname))\">\n"
        xml += "    <properties>\n"
        xml += property("evals.version", EvalsVersion.current)
        xml += "    </properties>\n"
        xml += "    <testcase classname=\"\(attr(name))\" name=\"harness\" time=\"0.000\">\n"
        xml += "      <error message=\"\(attr(message))\" type=\"harness\">\(XMLEscaping.text(error))</error>\n"
        xml += "    </testcase>\n"
        xml += "  </testsuite>\n"
        xml += "</testsuites>\n"
        return xml
    }

    /// A JUnit time: seconds with exactly three decimals, never an exponent; negative or
    /// non-finite values are `0.000`.
    public static func time(_ seconds: Double) -> String {
        String(format: "%.3f", Self.seconds(seconds))
    }

    /// A JUnit timestamp: UTC ISO 8601 without fractional seconds, e.g. `2026-11-25T13:36:27`.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A report's ISO 8601 time (with or without fractional seconds or an offset) as a JUnit
    /// timestamp; text that does not parse is kept, cut before any fractional seconds.
    static func timestamp(fromISO8601 text: String) -> String {
        if let date = parseDate(text) { return timestamp(date) }
        if let dot = text.firstIndex(of: "."), text.distance(from: text.startIndex, to: dot) == 19 {
            return String(text[..<dot])
        }
        return text
    }

    static func parseDate(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    private static func wallSeconds(from start: String, to end: String) -> Double? {
        guard let start = parseDate(start), let end = parseDate(end) else { return nil }
        let seconds = end.timeIntervalSince(start)
        return seconds >= 0 ? seconds : nil
    }

    static func seconds(_ value: Double) -> Double {
        value.isFinite && value > 0 ? value : 0
    }

    private static func testsuite(suite: SuiteReport, target: TargetReport, report: RunReport, time: Double, timestamp: String, hostname: String) -> String {
        let counts = target.counts
        var xml = "  <testsuite name=\"\(attr("\(suite.suite)[\(target.target)]"))\" tests=\"\(target.caseCount)\" failures=\"\(counts.failed)\" errors=\"\(counts.error)\" skipped=\"\(counts.skipped)\" time=\"\(Self.time(time))\" timestamp=\"\(attr(timestamp))\" hostname=\"\(attr(hostname))\">\n"
        xml += "    <properties>\n"
        xml += property("suite", suite.suite)
        xml += property("suite.file", suite.file)
        xml += property("target", target.target)
        xml += property("provider", target.provider)
        if let model = target.model { xml += property("model", model) }
        if let baseline = suite.baseline { xml += property("baseline", baseline) }
        if let shard = report.shard { xml += property("shard", shard) }
        if report.interrupted { xml += property("interrupted", "true") }
        xml += property("tokens.prompt", String(target.usage.promptTokens))
        xml += property("tokens.completion", String(target.usage.completionTokens))
        if let cost = target.cost {
            xml += property("cost.usd", Cost.decimal(cost.usd))
            xml += property("cost.input_usd", Cost.decimal(cost.inputUSD))
            xml += property("cost.output_usd", Cost.decimal(cost.outputUSD))
            if cost.unknownRequests > 0 { xml += property("cost.unknown_requests", String(cost.unknownRequests)) }
        }
        xml += property("evals.version", report.evalsVersion)
        xml += "    </properties>\n"
        let classname = "\(suite.suite).\(target.target)"
        if let spool = target.spool {
            xml += spool.placeholder(.junit)
        } else {
            for item in target.cases { xml += testcase(item, classname: classname) }
        }
        xml += "  </testsuite>\n"
        return xml
    }

    private static func property(_ name: String, _ value: String) -> String {
        "      <property name=\"\(attr(name))\" value=\"\(attr(value))\"/>\n"
    }

    static func testcase(_ item: CaseReport, classname: String) -> String {
        var xml = "    <testcase classname=\"\(attr(classname))\" name=\"\(attr(item.id))\" time=\"\(time(item.durationSeconds))\">\n"
        let goldenFails = item.outcome == .failed && item.failureType == .golden
        switch item.outcome {
        case .failed:
            xml += verdict("failure", item: item, defaultMessage: "failed", defaultType: "failure", includeGoldenDiff: goldenFails)
        case .error:
            xml += verdict("error", item: item, defaultMessage: "error", defaultType: "error", includeGoldenDiff: false)
        case .skipped:
            let reason = item.reason?.explanation ?? "skipped"
            xml += "      <skipped message=\"\(attr(reason))\"/>\n"
        case .passed:
            if item.flaky || item.sampleResults.contains(where: { $0.outcome != .passed }) {
                xml += flakySamples(item)
            }
        }
        if item.outcome != .skipped {
            xml += "      <system-out>\(XMLEscaping.text(systemOut(item, goldenInFailure: goldenFails)))</system-out>\n"
        }
        xml += "    </testcase>\n"
        return xml
    }

    /// Appends the case's `<testcase>` as `testcase(_:classname:)` writes it. A passing case whose
    /// text has nothing to escape, most cases of a large run, is written straight into the bytes.
    static func appendTestcase(_ item: CaseReport, classname: String, to out: inout [UInt8]) {
        guard item.outcome == .passed, !item.flaky, item.samples <= 1, item.sampleResults.count <= 1,
              item.sampleResults.allSatisfy({ $0.outcome == .passed }), item.golden != .changed, item.golden != .new,
              PlainText.isPlain(classname, lineEnds: false), PlainText.isPlain(item.id, lineEnds: false),
              PlainText.isPlain(item.prompt, lineEnds: true), PlainText.isPlain(item.system ?? "", lineEnds: true),
              PlainText.isPlain(item.output ?? "", lineEnds: true), PlainText.isPlain(item.finishReason ?? "", lineEnds: true)
        else {
            out += testcase(item, classname: classname)
            return
        }
        out += "    <testcase classname=\""
        out += classname
        out += "\" name=\""
        out += item.id
        out += "\" time=\""
        appendTime(item.durationSeconds, to: &out)
        out += "\">\n      <system-out>"
        if let system = item.system {
            out += "system:\n"
            out += system
            out += "\n\n"
        }
        out += "prompt:\n"
        out += item.prompt
        out += "\n\noutput:\n"
        out += item.output ?? "(no answer)"
        var separator = "\n\n"
        if let finish = item.finishReason {
            out += separator
            out += "finish_reason: "
            out += finish
            separator = "\n"
        }
        if item.truncated {
            out += separator
            out += "truncated: the answer was cut by the token limit"
            separator = "\n"
        }
        if item.retries > 0 {
            out += separator
            out += "retries: "
            out += String(item.retries)
        }
        out += "</system-out>\n    </testcase>\n"
    }

    /// Appends `time(_:)` of the value, computed without `String(format:)` unless the value is
    /// within rounding error of a tie or too large for the shortcut to be exact.
    static func appendTime(_ value: Double, to out: inout [UInt8]) {
        let scaled = seconds(value) * 1000
        let whole = scaled.rounded(.down)
        let fraction = scaled - whole
        guard scaled < 1e9, abs(fraction - 0.5) > 1e-6 else {
            out += time(value)
            return
        }
        let millis = Int(whole) + (fraction > 0.5 ? 1 : 0)
        out += String(millis / 1000)
        let rest = millis % 1000
        out.append(0x2E)
        out.append(UInt8(0x30 + rest / 100))
        out.append(UInt8(0x30 + rest / 10 % 10))
        out.append(UInt8(0x30 + rest % 10))
    }

    private static func verdict(_ element: String, item: CaseReport, defaultMessage: String, defaultType: String, includeGoldenDiff: Bool) -> String {
        let message = item.messages.first ?? defaultMessage
        var body = [message]
        body += item.messages.dropFirst()
        if let details = item.details, !details.isEmpty { body.append(details) }
        if includeGoldenDiff, let diff = item.goldenDiff, !diff.isEmpty, !(item.details ?? "").contains(diff) {
            body.append(diff)
        }
        let type = item.failureType?.rawValue ?? defaultType
        return "      <\(element) message=\"\(attr(oneLine(message)))\" type=\"\(attr(type))\">\(XMLEscaping.text(body.joined(separator: "\n")))</\(element)>\n"
    }

    /// The failed and errored samples of a passing case, as `<flakyFailure>` / `<flakyError>`.
    private static func flakySamples(_ item: CaseReport) -> String {
        var xml = ""
        for (index, sample) in item.sampleResults.enumerated() where sample.outcome == .failed || sample.outcome == .error {
            let element = sample.outcome == .failed ? "flakyFailure" : "flakyError"
            let type = sample.failureType?.rawValue ?? (sample.outcome == .failed ? "failure" : "error")
            let message = "sample \(index + 1): " + (sample.message ?? sample.outcome.rawValue)
            xml += "      <\(element) message=\"\(attr(oneLine(message)))\" type=\"\(attr(type))\">"
            if let output = sample.output {
                xml += "<system-out>\(XMLEscaping.text(output))</system-out>"
            }
            xml += "</\(element)>\n"
        }
        return xml
    }

    /// The prompt, each sample's output, flags, and any golden difference that is not the failure.
    private static func systemOut(_ item: CaseReport, goldenInFailure: Bool) -> String {
        var parts: [String] = []
        if let system = item.system { parts.append("system:\n\(system)") }
        parts.append("prompt:\n\(item.prompt)")
        if item.sampleResults.count > 1 {
            for (index, sample) in item.sampleResults.enumerated() {
                var heading = "output of sample \(index + 1) (\(sample.outcome.rawValue))"
                if let message = sample.message, sample.outcome != .passed { heading += ": \(oneLine(message))" }
                parts.append("\(heading):\n\(sample.output ?? "(no answer)")")
            }
        } else {
            parts.append("output:\n\(item.output ?? "(no answer)")")
        }
        var flags: [String] = []
        if let finish = item.finishReason { flags.append("finish_reason: \(finish)") }
        if item.truncated { flags.append("truncated: the answer was cut by the token limit") }
        if item.samples > 1 { flags.append("samples: \(item.passes)/\(item.samples) passed\(item.flaky ? " (flaky)" : "")") }
        if item.retries > 0 { flags.append("retries: \(item.retries)") }
        if !flags.isEmpty { parts.append(flags.joined(separator: "\n")) }
        switch item.golden {
        case .changed where !goldenInFailure:
            var note = "golden: the output differs from the golden entry (warning)"
            if let diff = item.goldenDiff, !diff.isEmpty { note += "\n\(diff)" }
            parts.append(note)
        case .new where !goldenInFailure:
            parts.append("golden: no golden entry yet (new)")
        default:
            break
        }
        return parts.joined(separator: "\n\n")
    }

    /// The text on one line: each line end (LF, CR, CRLF, NEL, U+2028, U+2029) and tab becomes a
    /// space, surrounding whitespace trimmed.
    static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where afterCR:
                break
            case "\n", "\r", "\t", "\u{85}", "\u{2028}", "\u{2029}":
                out.append(" ")
            default:
                out.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    private static func attr(_ text: String) -> String { XMLEscaping.attribute(text) }
}
