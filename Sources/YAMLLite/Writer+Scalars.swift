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
        let scalars = text.unicodeScalars
        var bodyEnd = scalars.endIndex
        var trailingNewlines = 0
        while bodyEnd > scalars.startIndex, scalars[scalars.index(before: bodyEnd)] == "\n" {
            bodyEnd = scalars.index(before: bodyEnd)
            trailingNewlines += 1
        }
        let body = Substring(scalars[..<bodyEnd])
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
        if isPlainSafe(text) { return text }
        var quoted: [UInt8] = []
        appendDoubleQuoted(text, to: &quoted)
        return String(decoding: quoted, as: UTF8.self)
    }

    /// Whether `text` may be written as a plain scalar in block context, at any column.
    static func isPlainSafe(_ text: String) -> Bool {
        if readsAsNonStringInYAML(text) { return false }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, first != " ", last != " ", last != ":" else { return false }
        switch first {
        case "-":
            let second = scalars[scalars.index(after: scalars.startIndex)...].first
            if second == nil || second == " " || text.hasPrefix("---") { return false }
        case "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
            return false
        case ".":
            if text.hasPrefix("...") { return false }
        default:
            break
        }
        // `: ` and ` #` anywhere; a `:` is never last and a `#` never first here.
        var previous: Unicode.Scalar = "\0"
        for scalar in scalars {
            if scalar.isEscapedByWriter { return false }
            if previous == ":", scalar == " " { return false }
            if previous == " ", scalar == "#" { return false }
            previous = scalar
        }
        return true
    }

    /// Whether a YAML 1.1 or 1.2 reader would take the plain scalar for a number, a boolean or
    /// null; such strings are quoted so the file keeps its meaning outside yaml-lite too.
    static func readsAsNonStringInYAML(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.hexDigitValue != nil || "+-.~nNtTfFyYoO".unicodeScalars.contains(first) else { return false }
        // The longest word has 5 bytes, and lowercasing never makes a longer text one of them.
        if text.utf8.count <= 5, nonStringWords.contains(text.lowercased()) { return true }
        return readsAsNumberInYAML(text)
    }

    private static let nonStringWords: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan"]

    /// Whether `byte` may appear in a YAML number at all (digits, hexadecimal letters, `xo_+-.:`).
    private static func mayBeInNumber(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
             UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// Whether `text` is a YAML 1.1 or 1.2 number with at least one digit: the whole text matches
    /// `[-+]?(0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)`.
    /// A scan in one pass per alternative rather than a regular expression, which backtracks
    /// (time quadratic in a long run of digits) and costs a compilation per call.
    static func readsAsNumberInYAML(_ text: String) -> Bool {
        guard text.utf8.allSatisfy(mayBeInNumber) else { return false }
        let utf8 = Array(text.utf8)
        guard utf8.contains(where: isDigit) else { return false }
        var body = utf8[...]
        if body.first == UInt8(ascii: "+") || body.first == UInt8(ascii: "-") { body = body.dropFirst() }
        return hasPrefix(body, "0x", restAllSatisfy: { Unicode.Scalar($0).hexDigitValue != nil || $0 == UInt8(ascii: "_") })
            || isOctal(body)
            || hasPrefix(body, "0b", restAllSatisfy: { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") })
            || isDecimal(body)
            || isSexagesimal(body)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_")
    }

    /// Whether `body` is `prefix` followed by at least one byte, each satisfying `allowed`.
    private static func hasPrefix(_ body: ArraySlice<UInt8>, _ prefix: String, restAllSatisfy allowed: (UInt8) -> Bool) -> Bool {
        guard body.starts(with: prefix.utf8) else { return false }
        let rest = body.dropFirst(prefix.utf8.count)
        return !rest.isEmpty && rest.allSatisfy(allowed)
    }

    /// `0o?[0-7_]+`
    private static func isOctal(_ body: ArraySlice<UInt8>) -> Bool {
        guard body.first == UInt8(ascii: "0") else { return false }
        var rest = body.dropFirst()
        if rest.first == UInt8(ascii: "o") { rest = rest.dropFirst() }
        return !rest.isEmpty && rest.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) || $0 == UInt8(ascii: "_") }
    }

    /// `([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?`
    private static func isDecimal(_ body: ArraySlice<UInt8>) -> Bool {
        var mantissa = body
        if let e = body.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = body[..<e]
            var exponent = body[(e + 1)...]
            if exponent.first == UInt8(ascii: "+") || exponent.first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return false }
        }
        guard let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) else { return mantissa.allSatisfy(isDigitOrUnderscore) }
        let whole = mantissa[..<dot]
        let fraction = mantissa[(dot + 1)...]
        return (whole.first.map(isDigit) ?? true) && whole.allSatisfy(isDigitOrUnderscore) && fraction.allSatisfy(isDigitOrUnderscore)
    }

    /// `[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`
    private static func isSexagesimal(_ body: ArraySlice<UInt8>) -> Bool {
        guard let first = body.first, isDigit(first), let colon = body.firstIndex(of: UInt8(ascii: ":")),
              body[..<colon].allSatisfy(isDigitOrUnderscore) else { return false }
        let dot = body[colon...].firstIndex(of: UInt8(ascii: ".")) ?? body.endIndex
        guard body[dot...].dropFirst().allSatisfy(isDigitOrUnderscore) else { return false }
        return body[(colon + 1)..<dot].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).allSatisfy { group in
            guard let last = group.last, isDigit(last) else { return false }
            return group.count == 1 || group.count == 2 && (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(group.first!)
        }
    }

    /// Appends `text` as a one-line double-quoted scalar with escapes.
    static func appendDoubleQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case "\\": output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case "\n": output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case "\t": output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case "\r": output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case "\0": output += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
            default:
                if scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F {
                    output.append(UInt8(truncatingIfNeeded: scalar.value))
                } else if scalar.isEscapedByWriter {
                    output.append(contentsOf: scalar.yamlEscape.utf8)
                } else {
                    output.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
