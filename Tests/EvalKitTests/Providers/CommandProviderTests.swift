import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct CommandProviderTests {
    private let folder = URL(fileURLWithPath: "/tmp")

    private func provider(_ script: String, env: [String: String] = [:], cwd: String? = nil, timeout: Duration = .seconds(30)) -> CommandProvider {
        CommandProvider(config: ProviderConfig.Command(run: ["/bin/sh", "-c", script], env: env, cwd: cwd), directory: folder, timeout: timeout)
    }

    @Test func promptOnStdinAndStdoutExactlyAsWritten() async throws {
        let response = try await provider("printf '[%s]\\n' \"$(cat)\"").complete(ModelRequest(prompt: "line one\nline two"))
        #expect(response.text == "[line one\nline two]\n")
        #expect(response.finishReason == "STOP")
    }

    @Test func systemCaseAndEnvironment() async throws {
        let request = ModelRequest(prompt: "p", system: "Answer briefly.", caseID: "case-7")
        let response = try await provider("printf '%s|%s|%s' \"$EVALS_SYSTEM\" \"$EVALS_CASE_ID\" \"$GREETING\"", env: ["GREETING": "hi"]).complete(request)
        #expect(response.text == "Answer briefly.|case-7|hi")
        let none = try await provider("printf '<%s>' \"$EVALS_SYSTEM\"").complete(ModelRequest(prompt: "p"))
        #expect(none.text == "<>")
    }

    @Test func workingDirectory() async throws {
        let nested = folder.appendingPathComponent("command-provider-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: nested) }
        let response = try await provider("pwd -P", cwd: nested.lastPathComponent).complete(ModelRequest(prompt: ""))
        #expect(response.text == nested.resolvingSymlinksInPath().path + "\n")
    }

    @Test(.timeLimit(.minutes(1)))
    func endlessOutputIsAnErrorAtTheCap() async {
        await #expect(throws: ProviderError(.permanent, "command wrote more than 16 MiB of output and was stopped")) {
            try await provider("yes").complete(ModelRequest(prompt: "x"))
        }
    }

    @Test func nonZeroExitIsPermanentWithTheFirstStderrLine() async {
        await #expect(throws: ProviderError(.permanent, "command exited with status 2: model file missing")) {
            try await provider("echo partial; echo 'model file missing' >&2; echo second >&2; exit 2").complete(ModelRequest(prompt: "x"))
        }
        await #expect(throws: ProviderError(.permanent, "command exited with status 1")) {
            try await provider("exit 1").complete(ModelRequest(prompt: "x"))
        }
    }

    @Test func missingProgramIsPermanent() async {
        let provider = CommandProvider(config: ProviderConfig.Command(run: ["no-such-model-evals"]), directory: folder)
        await #expect(throws: ProviderError(.permanent, "command program 'no-such-model-evals' not found on PATH")) {
            try await provider.complete(ModelRequest(prompt: "x"))
        }
    }

    @Test func timeoutIsTransient() async {
        await #expect(throws: ProviderError(.transient, "command timed out after 0.2 s")) {
            try await provider("sleep 30", timeout: .milliseconds(200)).complete(ModelRequest(prompt: "x"))
        }
    }

    @Test func cancellationKillsTheProgram() async throws {
        let provider = provider("sleep 30")
        let task = Task { try await provider.complete(ModelRequest(prompt: "x")) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: ProviderError(.transient, "command cancelled")) {
            try await task.value
        }
    }
}
