extension Writer {
    /// The lines of a literal block scalar and the header indicators that read them back exactly.
    struct LiteralBlock {
        var lines: [Substring]
        /// `-` (no final newline), empty (one) or `+` (more than one).
        var chomping: String
        /// Whether the first line starts with a space, so the indentation cannot be detected.
        var needsIndentationDigit: Bool
    }

    /// `text` as a literal block when that is the readable choice: several lines, the first not
    /// empty, no character the writer escapes other than newlines, no line ending in a space
    /// (which editors strip and reviewers miss). Nil means: write it inline.
    static func literalBlock(_ text: String) -> LiteralBlock? {
        var body = Substring(text)
        var trailingNewlines = 0
        while body.unicodeScalars.last == "\n" {
            body = Substring(body.unicodeScalars.dropLast())
            trailingNewlines += 1
        }
        guard body.unicodeScalars.contains("\n"), body.unicodeScalars.first != "\n" else { return nil }
        guard !text.unicodeScalars.contains(where: { $0 != "\n" && $0.isEscapedByWriter }) else { return nil }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.contains(where: { $0.unicodeScalars.last == " " }) else { return nil }
        if trailingNewlines > 1 { lines += repeatElement("", count: trailingNewlines - 1) }
        let chomping = trailingNewlines == 0 ? "-" : trailingNewlines == 1 ? "" : "+"
        return LiteralBlock(lines: lines, chomping: chomping, needsIndentationDigit: body.unicodeScalars.first == " ")
    }

    /// `text` plain when it reads back the same as a key or a value on one line, else double-quoted.
    static func inlineScalar(_ text: String) -> String {
        isPlainSafe(text) ? text : doubleQuoted(text)
    }

    /// Whether `text` may be written as a plain scalar in block context, at any column.
    static func isPlainSafe(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, first != " ", last != " ", last != ":" else { return false }
        switch first {
        case "-":
            if scalars.count == 1 || scalars[1] == " " || text.hasPrefix("---") { return false }
        case "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
            return false
        case ".":
            if text.hasPrefix("...") { return false }
        default:
            break
        }
        for (position, scalar) in scalars.enumerated() {
            if scalar.isEscapedByWriter { return false }
            if scalar == ":", scalars[position + 1] == " " { return false }
            if scalar == "#", scalars[position - 1] == " " { return false }
        }
        return true
    }

    /// `text` as a one-line double-quoted scalar with escapes.
    static func doubleQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case "\0": quoted += "\\0"
            default:
                if scalar.isEscapedByWriter {
                    quoted += scalar.yamlEscape
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
