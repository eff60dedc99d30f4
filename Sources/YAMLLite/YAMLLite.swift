import Foundation

/// yaml-lite: a strict subset of YAML 1.2 in which every scalar is a string.
///
/// Only an empty value (`key:` or `-` with nothing after it) is null. Plain `null`, `~`, `true`,
/// `1` or `no` are the strings they look like, quoted or not: the schema decides what they mean.
public enum YAMLLite {
    /// Parses a whole document; an empty document (only comments, blank lines or `---`) is `nil`.
    /// Every rejected construct throws a diagnostic at its line and column naming it.
    public static func parse(_ source: SourceFile) throws(Diagnostic) -> Node? {
        var parser = Parser(source: source)
        return try parser.parseDocument()
    }

    /// Decodes UTF-8 bytes (invalid UTF-8 is a diagnostic at the first bad byte) and parses them.
    public static func parse(data: Data, path: String) throws(Diagnostic) -> Node? {
        try parse(SourceFile(path: path, data: data))
    }

    /// Parses one line holding a single value (used by `--set PATH=VALUE`): a plain or quoted
    /// scalar or a flow collection; empty text is `""`. Diagnostics point into `text` on line 1.
    public static func parseValue(_ text: String, path: String) throws(Diagnostic) -> Node {
        var parser = Parser(source: SourceFile(path: path, text: text))
        return try parser.parseOneLineValue()
    }

    /// Writes a node as a yaml-lite document, ending with a newline, that parses back to the
    /// same strings and structure (a null document writes as an empty one, which parses as nil).
    public static func write(_ node: Node) -> String {
        write(node, headerComment: nil)
    }

    /// Writes a node as a yaml-lite document preceded by `headerComment` as `# ` comment lines.
    public static func write(_ node: Node, headerComment: String?) -> String {
        var writer = Writer()
        if let headerComment { writer.writeComment(headerComment) }
        writer.writeDocument(node)
        return String(decoding: writer.output, as: UTF8.self)
    }

    /// A scalar as it would appear after `key: ` on one line: plain when that is safe and reads
    /// back the same, otherwise double-quoted with escapes.
    public static func inlineScalar(_ text: String) -> String {
        Writer.inlineScalar(text)
    }
}
