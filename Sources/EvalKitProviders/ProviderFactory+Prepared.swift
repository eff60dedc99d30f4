import YAMLLite
import EvalKitSuite

extension ProviderFactory {
    /// Resolves `${VAR}` in a target a run uses and makes its provider, running a `token_command`
    /// for its first token; nothing is sent.
    public static func prepared(_ target: Suite.Target, of suite: Suite, environment: [String: String], maxConnections: Int) async throws(Diagnostic) -> (Suite.ResolvedTarget, any Provider) {
        let resolved = try suite.resolve(target, environment: environment)
        // The runner enforces each attempt's timeout by cancelling it; a command's own limit only backs that up.
        let provider = try make(for: resolved, suite: suite, environment: environment, maxConnections: maxConnections, timeout: .seconds(86_400))
        try await prepare(provider, for: resolved, suite: suite)
        return (resolved, provider)
    }
}
