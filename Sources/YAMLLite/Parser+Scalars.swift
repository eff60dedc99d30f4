extension Parser {
    /// Why a plain scalar stopped.
    enum PlainStop: Equatable {
        /// At the end of the line or at a comment.
        case end
        /// At a `:` that makes the scalar a mapping key.
        case colon(Int)
        /// At a flow indicator `,[]{}` (in a flow collection only).
        case flowIndicator(Int)
    }

    /// A quoted scalar and the place just after its closing quote.
    struct QuotedScalar {
        var text: String
        var isDouble: Bool
        var endLine: Int
        var endColumn: Int
    }

    // MARK: Plain scalars

    /// Rejects a character that cannot start a plain scalar, naming the construct it would start.
    func checkPlainStart(_ lineIndex: Int, _ column: Int, inFlow: Bool) throws(Diagnostic) {
        let line = lines[lineIndex]
        let scalar = line.scalars[column]
        let next = line[column + 1]
        let nextEndsIndicator = next.map { $0.isYAMLWhitespace || inFlow && $0.isFlowIndicator } ?? true
        switch scalar {
        case "&": throw error("anchors (&) are not supported in yaml-lite", lineIndex, column)
        case "*": throw error("aliases (*) are not supported in yaml-lite", lineIndex, column)
        case "!": throw error("tags (!) are not supported in yaml-lite", lineIndex, column)
        case "%" where column == 0 && !inFlow:
            throw error("directives (%) are not supported in yaml-lite", lineIndex, column)
        case "%", "@", "`":
            throw error("'\(scalar)' is reserved in YAML and cannot start a plain scalar: quote the value", lineIndex, column)
        case "?" where nextEndsIndicator:
            throw error("complex keys (?) are not supported in yaml-lite", lineIndex, column)
        case ":" where nextEndsIndicator:
            throw error("a mapping entry needs a key before ':'", lineIndex, column)
        case "-" where nextEndsIndicator && inFlow:
            throw error("'-' followed by a space cannot start a value inside a flow collection: quote the value", lineIndex, column)
        case ",", "[", "]", "{", "}", "#", "|", ">", "\"", "'":
            throw error("unexpected '\(scalar)': a plain scalar cannot start with it; quote the value", lineIndex, column)
        default:
            return
        }
    }

    /// Scans a one-line plain scalar from `column`: up to a `: `, a ` #` comment, the line end
    /// or (in a flow collection) a flow indicator; trailing whitespace is not part of it.
    func scanPlain(_ lineIndex: Int, _ column: Int, inFlow: Bool) -> (text: String, end: Int, stop: PlainStop) {
        let line = lines[lineIndex]
        var position = column
        var contentEnd = column
        var stop = PlainStop.end
        scan: while position < line.count {
            let scalar = line.scalars[position]
            switch scalar {
            case ":":
                if line[position + 1].map({ $0.isYAMLWhitespace || inFlow && $0.isFlowIndicator }) ?? true {
                    stop = .colon(position)
                    break scan
                }
            case " ", "\t":
                if line[position + 1] == "#" { break scan }
                position += 1
                continue scan
            default:
                if inFlow, scalar.isFlowIndicator {
                    stop = .flowIndicator(position)
                    break scan
                }
            }
            position += 1
            contentEnd = position
        }
        return (line.text(column, contentEnd), contentEnd, stop)
    }

    // MARK: Quoted scalars

    /// Scans a single- or double-quoted scalar whose opening quote is at `column`; it may fold
    /// over several lines (each more indented than `parentIndent`) unless `singleLineReason` is set.
    func scanQuoted(line lineIndex: Int, column: Int, parentIndent: Int, singleLineReason: String?) throws(Diagnostic) -> QuotedScalar {
        let quote = lines[lineIndex].scalars[column]
        let isDouble = quote == "\""
        let kind = isDouble ? "double-quoted" : "single-quoted"
        var text = TextBuilder()
        var rawWhitespace = 0
        var escapedBreak = false
        var current = lineIndex
        var position = column + 1

        func unterminated() -> Diagnostic {
            var message = "unterminated \(kind) string"
            if let singleLineReason, !singleLineReason.isEmpty { message += " (\(singleLineReason))" }
            return error(message, lineIndex, column)
        }

        while true {
            let line = lines[current]
            guard position < line.count else {
                guard singleLineReason == nil else { throw unterminated() }
                if !escapedBreak { text.removeLastASCII(rawWhitespace) }
                rawWhitespace = 0
                var next = current + 1
                var emptyLines = 0
                while next < lines.count, lines[next].isWhitespaceOnly {
                    emptyLines += 1
                    next += 1
                }
                guard next < lines.count, !lines[next].isDocumentMarker else { throw unterminated() }
                let nextLine = lines[next]
                if nextLine.indent <= parentIndent {
                    throw error("bad indentation: a continuation line of a \(kind) string must be indented more than column \(parentIndent + 1)", next, nextLine.skippingWhitespace(from: 0))
                }
                if emptyLines == 0 && !escapedBreak {
                    text.append(" ")
                } else {
                    text.append(ascii: "\n", count: emptyLines)
                }
                escapedBreak = false
                current = next
                position = nextLine.skippingWhitespace(from: 0)
                continue
            }
            let scalar = line.scalars[position]
            if scalar == quote {
                if !isDouble, line[position + 1] == "'" {
                    text.append("'")
                    rawWhitespace = 0
                    position += 2
                    continue
                }
                return QuotedScalar(text: text.string, isDouble: isDouble, endLine: current, endColumn: position + 1)
            }
            if isDouble, scalar == "\\" {
                rawWhitespace = 0
                if position + 1 >= line.count {
                    guard singleLineReason == nil else { throw unterminated() }
                    escapedBreak = true
                    position += 1
                    continue
                }
                position = try scanEscape(line: current, at: position, into: &text)
                continue
            }
            text.append(scalar)
            rawWhitespace = scalar.isYAMLWhitespace ? rawWhitespace + 1 : 0
            position += 1
        }
    }

    /// Appends the character of the escape whose backslash is at `column`; returns the column after it.
    private func scanEscape(line lineIndex: Int, at column: Int, into text: inout TextBuilder) throws(Diagnostic) -> Int {
        let line = lines[lineIndex]
        let letter = line.scalars[column + 1]
        let simple: UInt32?
        switch letter {
        case "0": simple = 0x00
        case "a": simple = 0x07
        case "b": simple = 0x08
        case "t", "\t": simple = 0x09
        case "n": simple = 0x0A
        case "v": simple = 0x0B
        case "f": simple = 0x0C
        case "r": simple = 0x0D
        case "e": simple = 0x1B
        case " ": simple = 0x20
        case "\"": simple = 0x22
        case "/": simple = 0x2F
        case "\\": simple = 0x5C
        case "N": simple = 0x85
        case "_": simple = 0xA0
        case "L": simple = 0x2028
        case "P": simple = 0x2029
        case "x", "u", "U": simple = nil
        default:
            throw error("unknown escape '\\\(Self.display(String(letter)))' in a double-quoted string", lineIndex, column)
        }
        if let simple {
            text.append(Unicode.Scalar(simple)!)
            return column + 2
        }
        let digits = letter == "x" ? 2 : letter == "u" ? 4 : 8
        var (value, end) = try hexValue(line: lineIndex, escapeAt: column, digits: digits)
        if letter == "u", (0xD800...0xDBFF).contains(value), line[end] == "\\", line[end + 1] == "u",
           let (low, lowEnd) = try? hexValue(line: lineIndex, escapeAt: end, digits: 4), (0xDC00...0xDFFF).contains(low) {
            value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
            end = lowEnd
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("invalid escape '\(line.text(column, end))': U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value", lineIndex, column)
        }
        text.append(scalar)
        return end
    }

    private func hexValue(line lineIndex: Int, escapeAt column: Int, digits: Int) throws(Diagnostic) -> (UInt32, Int) {
        let line = lines[lineIndex]
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = line[column + 2 + offset]?.hexDigitValue else {
                let shown = line.text(column, min(line.count, column + 2 + digits))
                throw error("invalid escape '\(Self.display(shown))': expected \(digits) hexadecimal digits after '\\\(line.scalars[column + 1])'", lineIndex, column)
            }
            value = value << 4 | digit
        }
        return (value, column + 2 + digits)
    }
}
