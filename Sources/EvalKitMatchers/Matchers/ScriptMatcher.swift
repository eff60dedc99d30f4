import Foundation
import EvalKitProcess
import EvalKitSupport

/// `script: [program, args...]`: the program, run in the suite's folder with the output on stdin
/// and `EVALS_PROMPT` and `EVALS_CASE_ID` in its environment, exits 0.
///
/// Any other exit fails, with the first line of its stdout as the message, or else the last line
/// of its stderr after the exit status; the details keep the stderr. Past the context's
/// timeout the program is killed and the result is an error, as is a program that cannot start.
public struct ScriptMatcher: Matcher {
    public var command: [String]

    public init(_ command: [String]) {
        self.command = command
    }

    public var name: String { "script" }
    public var description: String { "script " + commandLine }

    private var commandLine: String {
        command.map { $0.isEmpty || $0.contains(where: \.isWhitespace) || $0.unicodeScalars.contains("\"") ? Visible.quoted($0) : Visible.text($0) }.joined(separator: " ")
    }

    public func expectation(negated: Bool) -> String {
        (negated ? "not to pass script " : "to pass script ") + commandLine
    }

    public func evaluate(_ output: String, in context: MatchContext) async -> MatchResult {
        guard let program = command.first else { return error("script has no program to run", output: output) }
        let runner = ProcessRunner(
            program: program, arguments: Array(command.dropFirst()), input: Data(output.utf8),
            environment: ["EVALS_PROMPT": context.prompt, "EVALS_CASE_ID": context.caseID],
            directory: context.directory, timeout: context.timeout)
        let result: ProcessRunner.Output
        do {
            result = try await runner.run()
        } catch {
            return self.error("script \(commandLine): \(error)", output: output)
        }
        if result.timedOut {
            return error("script \(commandLine) timed out after \(context.timeout.secondsText) s", output: output)
        }
        if result.exceededLimit {
            return error("script \(commandLine) wrote more than \(runner.outputLimit) bytes of output and was stopped", output: output)
        }
        if let signal = result.signal {
            return error("script \(commandLine) was killed by signal \(signal)", output: output)
        }
        if result.exitStatus == 0 { return verdict(true, output: output) }
        let status = result.exitStatus ?? -1
        let details = Self.stderrDetails(result.stderrText)
        if let line = Self.firstLine(result.stdoutText) {
            return MatchResult(.failed, matcher: name, message: Visible.text(line, limit: 200), actual: output, details: details)
        }
        var message = "expected \(expectation(negated: false)), got exit status \(status)"
        if let line = Self.lastLine(result.stderrText) { message += ": " + Visible.text(line, limit: 200) }
        return MatchResult(.failed, matcher: name, message: message, actual: output, details: details)
    }

    private func error(_ message: String, output: String) -> MatchResult {
        MatchResult(.error, matcher: name, message: message, actual: output)
    }

    /// The most stderr a failure's details keep, in characters.
    static let stderrLimit = 8_000

    private static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    }

    private static func firstLine(_ text: String) -> String? {
        let line = lines(text).first.map(String.init) ?? ""
        return line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : line
    }

    /// The last non-blank line: where a Python traceback or a shell error says what went wrong.
    private static func lastLine(_ text: String) -> String? {
        lines(text).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init)
    }

    /// `stderr:` and the program's stderr, cut at `stderrLimit` characters; nil when it wrote none.
    private static func stderrDetails(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count > stderrLimit else { return "stderr:\n" + trimmed }
        return "stderr:\n" + trimmed.prefix(stderrLimit) + "\n… \(trimmed.count - stderrLimit) more characters"
    }

}
