import Foundation
import YAMLLite

/// Builds matchers from suite nodes: `expect` values, with locations in every error.
public enum MatcherDecoder {
    /// The names a suite may use.
    public static let names: [String] = []

    /// An `expect` value: a bare string is `exact`, a mapping is one matcher, a list means all must pass.
    public static func decodeExpectation(_ node: Node, in source: SourceFile, directory: URL) throws(Diagnostic) -> [any Matcher] {
        throw source.diagnostic("matchers not implemented", at: node.mark)
    }

    /// The matcher used for golden checks under `golden_matcher: NAME`, comparing with the golden output.
    public static func goldenMatcher(named name: String, expected: String) -> (any Matcher)? {
        nil
    }
}
