import Foundation
import EvalKitProcess
import EvalKitSupport
import EvalKitSuite

/// The `command` provider: a local program with the rendered prompt on its stdin and `system` in
/// `EVALS_SYSTEM`; its stdout, exactly as written, is the answer (SPEC §4.4).
///
/// `EVALS_SYSTEM` is always set (empty without a system prompt) so a value from the parent's
/// environment never leaks in; `EVALS_CASE_ID` carries the case id. A non-zero exit is a
/// permanent error naming the status and the first line of stderr; a missing program is a
/// permanent error; running past `timeout` is a transient one. Cancelling the calling task kills
/// the program.
public struct CommandProvider: Provider {
    public let config: ProviderConfig.Command
    /// The suite's folder: the working directory, or the base of a relative `cwd`.
    public let directory: URL
    public let timeout: Duration
    private let redact: Redactor

    /// - Parameter secrets: values never to show in a message: secrets among the program's arguments and environment.
    public init(config: ProviderConfig.Command, directory: URL, timeout: Duration = .seconds(60), secrets: [String] = []) {
        self.config = config
        self.directory = directory
        self.timeout = timeout
        redact = Redactor(secrets)
    }

    /// Where the program runs: `cwd` resolved against the suite's folder, or that folder.
    public var workingDirectory: URL {
        guard let cwd = config.cwd else { return directory }
        return cwd.hasPrefix("/") ? URL(fileURLWithPath: cwd) : directory.appendingPathComponent(cwd)
    }

    public func complete(_ request: ModelRequest) async throws(ProviderError) -> ModelResponse {
        guard let program = config.run.first, !program.isEmpty else { throw ProviderError(.permanent, "command has no program to run") }
        var environment = config.env
        environment["EVALS_SYSTEM"] = request.system ?? ""
        environment["EVALS_CASE_ID"] = request.caseID
        let runner = ProcessRunner(
            program: program, arguments: Array(config.run.dropFirst()), input: Data(request.prompt.utf8),
            environment: environment, directory: workingDirectory, timeout: timeout)
        let output: ProcessRunner.Output
        do {
            output = try await runner.run()
        } catch {
            switch error {
            case .cancelled: throw ProviderError(.transient, "command cancelled")
            case .notFound, .launchFailed: throw ProviderError(.permanent, "command \(error)")
            }
        }
        if output.timedOut {
            throw ProviderError(.transient, "command timed out after \(timeout.secondsText) s")
        }
        if output.exceededLimit {
            throw ProviderError(.permanent, "command wrote more than \(HTTPClient.byteCount(runner.outputLimit)) of output and was stopped")
        }
        if let signal = output.signal {
            throw ProviderError(.permanent, "command was killed by signal \(signal)" + firstLine(output.stderrText))
        }
        if output.exitStatus != 0 {
            throw ProviderError(.permanent, "command exited with status \(output.exitStatus ?? -1)" + firstLine(output.stderrText))
        }
        return ModelResponse(text: output.stdoutText, finishReason: "STOP")
    }

    /// `": <first non-empty stderr line>"`, redacted before it is cut, or `""`.
    private func firstLine(_ text: String) -> String {
        guard let line = redact(text).split(whereSeparator: \.isNewline).first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return "" }
        return ": " + Visible.text(String(line), limit: 200)
    }
}
