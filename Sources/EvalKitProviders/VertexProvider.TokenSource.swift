import Foundation
import Synchronization
import EvalKitProcess
import EvalKitSupport

extension VertexProvider {
    /// Where a Vertex target's OAuth access token comes from: an environment variable, or a
    /// program that prints one, run before the first request and at most once more, after a 401.
    ///
    /// Requests that meet a 401 at the same time share one run of the program.
    public final class TokenSource: Sendable {
        /// An environment variable's value, or a program and the folder it runs in.
        public enum Origin: Sendable, Equatable {
            case environment(variable: String, token: String)
            case command([String], directory: URL)
        }

        /// How long the program may take.
        static let timeout: Duration = .seconds(60)

        private struct State {
            var token: String?
            var running: Task<Result<String, ProviderError>, Never>?
            var runs = 0
            var known: [String] = []
        }

        public let origin: Origin
        private let state: Mutex<State>

        public init(origin: Origin) {
            self.origin = origin
            var initial = State()
            if case .environment(_, let token) = origin {
                initial.token = token
                initial.known = [token]
            }
            state = Mutex(initial)
        }

        /// Every token seen so far, for redaction.
        var known: [String] {
            state.withLock { $0.known }
        }

        /// How many times the program ran.
        public var runs: Int {
            state.withLock { $0.runs }
        }

        /// The token to send, running the program the first time.
        func current() async throws(ProviderError) -> String {
            let next: Result<String, ProviderError>? = await obtain { state in
                if let token = state.token { return .ready(token) }
                return state.running.map { .wait($0) } ?? .run
            }
            return try next?.get() ?? ""
        }

        /// The token to use after `stale` met a 401: the one another request already fetched, or
        /// a fresh one when the program has run only once; nil when there is no other token to try.
        func refresh(replacing stale: String) async throws(ProviderError) -> String? {
            let next: Result<String, ProviderError>? = await obtain { state in
                if let token = state.token, token != stale { return .ready(token) }
                if let running = state.running { return .wait(running) }
                guard case .command = origin, state.runs < 2 else { return .none }
                return .run
            }
            return try next?.get()
        }

        private enum Step {
            case ready(String)
            case wait(Task<Result<String, ProviderError>, Never>)
            case run
            case none
        }

        private func obtain(_ decide: @Sendable (inout State) -> Step) async -> Result<String, ProviderError>? {
            let step: Step = state.withLock { state -> Step in
                let step = decide(&state)
                guard case .run = step else { return step }
                state.runs += 1
                let task = Task { [self] in
                    let result = await self.runProgram()
                    self.state.withLock { state in
                        if case .success(let token) = result {
                            state.token = token
                            state.known.append(token)
                        }
                        state.running = nil
                    }
                    return result
                }
                state.running = task
                return .wait(task)
            }
            switch step {
            case .ready(let token): return .success(token)
            case .wait(let task): return await task.value
            case .run, .none: return nil
            }
        }

        /// Runs the program once: its stdout, trimmed, is the token.
        private func runProgram() async -> Result<String, ProviderError> {
            guard case .command(let command, let directory) = origin, let program = command.first else {
                return .failure(ProviderError(.fatal, "no token_command to run"))
            }
            let shown = "token_command `\(command.joined(separator: " "))`"
            let runner = ProcessRunner(program: program, arguments: Array(command.dropFirst()), directory: directory, timeout: Self.timeout)
            let output: ProcessRunner.Output
            do {
                output = try await runner.run()
            } catch {
                if error == .cancelled { return .failure(ProviderError(.transient, "\(shown) cancelled")) }
                return .failure(ProviderError(.fatal, "\(shown): \(error)"))
            }
            let redact = Redactor(known)
            let stderr = output.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
            let said = stderr.isEmpty ? "" : ": \(redact(Visible.text(stderr, limit: 1000)))"
            if output.timedOut {
                return .failure(ProviderError(.fatal, "\(shown) did not finish within \(Self.timeout.secondsText) s\(said)"))
            }
            if let signal = output.signal {
                return .failure(ProviderError(.fatal, "\(shown) was killed by signal \(signal)\(said)"))
            }
            guard output.exitStatus == 0, !output.exceededLimit else {
                return .failure(ProviderError(.fatal, "\(shown) failed (exit status \(output.exitStatus ?? -1))\(said)"))
            }
            let token = output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { return .failure(ProviderError(.fatal, "\(shown) printed no token\(said)")) }
            guard !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                return .failure(ProviderError(.fatal, "\(shown) printed more than a token (whitespace inside); it must print the access token alone"))
            }
            return .success(token)
        }
    }
}
