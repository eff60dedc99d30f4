import Foundation

/// `script: [program, args...]`: the program, run in the suite's folder with the output on stdin
/// and `EVALS_PROMPT` and `EVALS_CASE_ID` in its environment, exits 0.
///
/// Any other exit fails, with the first line of its stdout as the message. Past the context's
/// timeout the program is killed and the result is an error, as is a program that cannot start.
public struct ScriptMatcher: Matcher {
    public var command: [String]

    public init(_ command: [String]) {
        self.command = command
    }

    public var name: String { "script" }
    public var description: String { "script " + commandLine }

    private var commandLine: String {
        command.map { $0.isEmpty || $0.contains(where: \.isWhitespace) || $0.contains("\"") ? Visible.quoted($0) : Visible.text($0) }.joined(separator: " ")
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
            return error("script \(commandLine) timed out after \(Self.seconds(context.timeout)) s", output: output)
        }
        if result.exceededLimit {
            return error("script \(commandLine) wrote more than \(runner.outputLimit) bytes of output and was stopped", output: output)
        }
        if let signal = result.signal {
            return error("script \(commandLine) was killed by signal \(signal)", output: output)
        }
        if result.exitStatus == 0 { return verdict(true, output: output) }
        let status = result.exitStatus ?? -1
        if let line = Self.firstLine(result.stdoutText) {
            return MatchResult(.failed, matcher: name, message: Visible.text(line, limit: 200), actual: output)
        }
        var message = "expected \(expectation(negated: false)), got exit status \(status)"
        if let line = Self.firstLine(result.stderrText) { message += ": " + Visible.text(line, limit: 200) }
        return MatchResult(.failed, matcher: name, message: message, actual: output)
    }

    private func error(_ message: String, output: String) -> MatchResult {
        MatchResult(.error, matcher: name, message: message, actual: output)
    }

    private static func firstLine(_ text: String) -> String? {
        let line = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.first.map(String.init) ?? ""
        return line.trimmingCharacters(in: .whitespaces).isEmpty ? nil : line
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%g", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
