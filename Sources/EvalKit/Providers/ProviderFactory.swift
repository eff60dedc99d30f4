import Foundation
import YAMLLite

/// Makes the provider of a resolved target, reading keys from the environment.
public enum ProviderFactory {
    /// Throws, pointing at the target in the suite file, when a key variable it needs is unset.
    public static func make(for target: Suite.ResolvedTarget, suite: Suite, environment: [String: String], maxConnections: Int = 64) throws(Diagnostic) -> any Provider {
        throw suite.source.diagnostic("provider \(target.config.name) not implemented", at: suite.target(named: target.name)?.mark)
    }
}
