/// yaml-lite: a strict subset of YAML 1.2 in which every scalar is a string.
public enum YAMLLite {
    /// Parses a whole document; an empty document (only comments or blank lines) is `nil`.
    /// Every rejected construct throws a diagnostic at its line and column naming it.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> Node? {
        throw source.diagnostic("yaml-lite parser not implemented", at: Mark(line: 1, column: 1))
    }

    /// Parses one line holding a single value (used by `--set PATH=VALUE`); empty text is `""`.
    public static func parseValue(_ text: String, path: String) throws(Diagnostic) -> Node {
        throw Diagnostic("yaml-lite parser not implemented", path: path)
    }

    /// Writes a node as a yaml-lite document that parses back to the same strings.
    public static func write(_ node: Node) -> String {
        ""
    }

    /// A scalar as it would appear after `key: ` on one line (plain, or quoted when needed).
    public static func inlineScalar(_ text: String) -> String {
        text
    }
}
