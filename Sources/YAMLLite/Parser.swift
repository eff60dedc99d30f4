/// The yaml-lite parser: reads the block structure of a document (or one inline value) into nodes.
///
/// Positions inside the parser are a line index (from 0) and a column index in Unicode scalars
/// (from 0); marks and diagnostics add one to each.
struct Parser {
    /// Where a node starts, which decides what it may be.
    enum Context: Equatable {
        /// At the start of a line (after its indentation): anything.
        case lineStart
        /// After `- ` on the same line: anything, a nested collection being compact.
        case afterDash
        /// After `key: ` on the same line: a scalar or a flow collection.
        case afterColon
        /// The whole text of `parseValue`: a one-line scalar or flow collection.
        case oneLineValue
    }

    /// How deeply collections may nest before the parser gives up instead of exhausting the stack.
    static let maxDepth = 256

    let source: SourceFile
    let lines: [Line]
    /// The next line not yet consumed.
    var index = 0
    var depth = 0

    init(source: SourceFile) {
        self.source = source
        self.lines = Line.split(source.text)
    }

    // MARK: Diagnostics

    func mark(_ line: Int, _ column: Int) -> Mark {
        Mark(line: line + 1, column: column + 1)
    }

    func error(_ message: String, _ line: Int, _ column: Int) -> Diagnostic {
        source.diagnostic(message, at: mark(line, column))
    }

    /// Rejects characters that may not appear raw in yaml-lite text, anywhere in the file.
    func validateCharacters() throws(Diagnostic) {
        for (lineIndex, line) in lines.enumerated() {
            for (column, scalar) in line.scalars.enumerated() where !scalar.isAllowedRaw {
                let message: String
                switch scalar.value {
                case 0x0D: message = "a carriage return is only allowed in a CRLF line end"
                case 0xFEFF: message = "a byte order mark (U+FEFF) is only allowed at the start of the file"
                case 0xFFFE, 0xFFFF: message = "\(scalar.codePointName) is not a character allowed in yaml-lite text"
                default:
                    message = "control character \(scalar.codePointName) is not allowed in yaml-lite text: write it as the escape \(scalar.yamlEscape) in a double-quoted string"
                }
                throw error(message, lineIndex, column)
            }
        }
    }

    // MARK: Document

    /// Parses a whole document; nil when it holds no value.
    mutating func parseDocument() throws(Diagnostic) -> Node? {
        try validateCharacters()
        var sawStart = false
        var endLine: Int?
        var root: Node?
        while index < lines.count {
            let line = lines[index]
            if line.isBlank {
                index += 1
                continue
            }
            if line.isDocumentStart {
                if sawStart || root != nil || endLine != nil {
                    throw error("only one document is allowed (found '---' starting another document)", index, 0)
                }
                sawStart = true
                let rest = line.skippingWhitespace(from: 3)
                if rest < line.count, line[rest] != "#" {
                    throw error("content on the '---' line is not supported in yaml-lite: start the document on the next line", index, rest)
                }
                index += 1
                continue
            }
            if line.isDocumentEnd {
                let rest = line.skippingWhitespace(from: 3)
                if rest < line.count, line[rest] != "#" {
                    throw error("only one document is allowed (found content after the document end marker '...')", index, rest)
                }
                endLine = endLine ?? index
                index += 1
                continue
            }
            let first = line.skippingWhitespace(from: 0)
            if let endLine {
                throw error("only one document is allowed (found content after the document end marker '...' on line \(endLine + 1))", index, first)
            }
            if line[0] == "%" {
                throw error("directives (%) are not supported in yaml-lite", index, 0)
            }
            try checkIndentation(index)
            if let root {
                if root.style == .block, line.indent < root.mark.column - 1 {
                    throw error("bad indentation: expected column \(root.mark.column) like the first line of the document", index, first)
                }
                throw error("unexpected content after the document's value", index, first)
            }
            root = try parseNode(line: index, column: line.indent, parentIndent: -1, context: .lineStart)
        }
        return root
    }

    /// Parses the single line of a `--set` value.
    mutating func parseOneLineValue() throws(Diagnostic) -> Node {
        try validateCharacters()
        if lines.count > 1 {
            throw error("a one-line value cannot contain a line break", 0, lines[0].count)
        }
        guard let line = lines.first, !line.isBlank else {
            return Node(.scalar(""), mark: Mark(line: 1, column: 1), style: .plain)
        }
        return try parseNode(line: 0, column: line.skippingWhitespace(from: 0), parentIndent: -1, context: .oneLineValue)
    }

    // MARK: Lines

    /// Rejects a tab among the leading whitespace of a content line.
    func checkIndentation(_ lineIndex: Int) throws(Diagnostic) {
        let line = lines[lineIndex]
        if line[line.indent] == "\t" {
            throw error("tabs are not allowed in indentation", lineIndex, line.indent)
        }
    }

    /// Skips blank and comment lines; the index of the next content line, or nil at the end of
    /// the text or at a document marker (left for the document level to judge).
    mutating func nextContentLine() throws(Diagnostic) -> Int? {
        while index < lines.count, lines[index].isBlank { index += 1 }
        guard index < lines.count, !lines[index].isDocumentMarker else { return nil }
        try checkIndentation(index)
        return index
    }

    /// Whether `- ` (or a lone `-`) starts at `column` of the line.
    func isSequenceItem(_ lineIndex: Int, _ column: Int) -> Bool {
        let line = lines[lineIndex]
        return line[column] == "-" && (line[column + 1].map(\.isYAMLWhitespace) ?? true)
    }

    /// Throws unless the rest of the line from `column` is whitespace and perhaps a comment.
    func expectLineEnd(_ lineIndex: Int, from column: Int, after what: String) throws(Diagnostic) {
        let line = lines[lineIndex]
        let rest = line.skippingWhitespace(from: column)
        guard rest < line.count else { return }
        if line[rest] == "#", rest > column { return }
        throw error("unexpected content after \(what)", lineIndex, rest)
    }

    /// A string for quoting inside a message: control characters made visible, long text cut.
    static func display(_ text: String) -> String {
        var shown = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 40 {
                shown += "…"
                break
            }
            shown += scalar.isAllowedRaw && scalar != "\t" ? String(scalar) : scalar.yamlEscape
        }
        return shown
    }

    // MARK: Nodes

    /// Parses the node whose first character is at `column` of line `lineIndex`; on return `index`
    /// is the first line after the node.
    mutating func parseNode(line lineIndex: Int, column: Int, parentIndent: Int, context: Context, tabBefore: Int? = nil) throws(Diagnostic) -> Node {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw error("collections are nested too deeply (more than \(Self.maxDepth) levels)", lineIndex, column)
        }
        let line = lines[lineIndex]
        let allowsCollections = context == .lineStart || context == .afterDash
        switch line.scalars[column] {
        case "-" where line[column + 1].map(\.isYAMLWhitespace) ?? true:
            switch context {
            case .lineStart, .afterDash:
                if let tabBefore { throw error("tabs are not allowed in indentation", lineIndex, tabBefore) }
                return try parseBlockSequence(line: lineIndex, indent: column, compact: false)
            case .afterColon:
                throw error("a block sequence cannot start on the same line as its key: put each '- ' item on a line of its own below the key", lineIndex, column)
            case .oneLineValue:
                throw error("block sequences are not allowed in a one-line value: write a flow sequence such as [a, b]", lineIndex, column)
            }
        case "|", ">":
            if context == .oneLineValue {
                throw error("block scalars (| and >) are not allowed in a one-line value: use a double-quoted string with \\n", lineIndex, column)
            }
            return try parseBlockScalar(line: lineIndex, column: column, parentIndent: parentIndent)
        case "[", "{":
            var flowDepth = depth
            let (node, end) = try parseFlowCollection(line: lineIndex, open: column, depth: &flowDepth)
            let rest = line.skippingWhitespace(from: end)
            if line[rest] == ":", line[rest + 1].map(\.isYAMLWhitespace) ?? true {
                throw error("complex keys are not supported in yaml-lite: a flow collection cannot be a mapping key", lineIndex, column)
            }
            try expectLineEnd(lineIndex, from: end, after: "the flow collection")
            index = lineIndex + 1
            return node
        case "\"", "'":
            let quoted = try scanQuoted(line: lineIndex, column: column, parentIndent: parentIndent,
                                        singleLineReason: context == .oneLineValue ? "" : nil)
            if quoted.endLine == lineIndex, let colon = colonAfter(lineIndex, quoted.endColumn) {
                if allowsCollections {
                    if let tabBefore { throw error("tabs are not allowed in indentation", lineIndex, tabBefore) }
                    return try parseBlockMapping(line: lineIndex, indent: column)
                }
                throw nestedMappingError(lineIndex, colon, context: context)
            }
            if quoted.endLine != lineIndex, colonAfter(quoted.endLine, quoted.endColumn) != nil {
                throw error("a quoted mapping key must be on one line", lineIndex, column)
            }
            try expectLineEnd(quoted.endLine, from: quoted.endColumn, after: "the closing quote")
            index = quoted.endLine + 1
            return Node(.scalar(quoted.text), mark: mark(lineIndex, column), style: quoted.isDouble ? .doubleQuoted : .singleQuoted)
        default:
            try checkPlainStart(lineIndex, column, inFlow: false)
            let plain = scanPlain(lineIndex, column, inFlow: false)
            if case .colon(let colon) = plain.stop {
                if allowsCollections {
                    if let tabBefore { throw error("tabs are not allowed in indentation", lineIndex, tabBefore) }
                    return try parseBlockMapping(line: lineIndex, indent: column)
                }
                throw nestedMappingError(lineIndex, colon, context: context)
            }
            index = lineIndex + 1
            if context != .oneLineValue {
                try checkPlainContinuation(after: lineIndex, column: column, parentIndent: parentIndent, text: plain.text)
            }
            return Node(.scalar(plain.text), mark: mark(lineIndex, column), style: .plain)
        }
    }

    private func nestedMappingError(_ lineIndex: Int, _ colon: Int, context: Context) -> Diagnostic {
        if context == .oneLineValue {
            return error("':' followed by a space is not allowed in a plain value: quote the value", lineIndex, colon)
        }
        return error("mapping values are not allowed here: quote the value, or start the nested mapping on a line of its own", lineIndex, colon)
    }

    /// The column of a `:` that follows `column` after optional whitespace and is itself followed by whitespace or the line end.
    func colonAfter(_ lineIndex: Int, _ column: Int) -> Int? {
        let line = lines[lineIndex]
        let colon = line.skippingWhitespace(from: column)
        guard line[colon] == ":", line[colon + 1].map(\.isYAMLWhitespace) ?? true else { return nil }
        return colon
    }

    /// Rejects a plain scalar continued on the next lines, which YAML would fold into one.
    private func checkPlainContinuation(after lineIndex: Int, column: Int, parentIndent: Int, text: String) throws(Diagnostic) {
        var next = lineIndex + 1
        while next < lines.count, lines[next].isWhitespaceOnly { next += 1 }
        guard next < lines.count else { return }
        let line = lines[next]
        guard !line.isComment, !line.isDocumentMarker, line.indent > parentIndent else { return }
        let first = line.skippingWhitespace(from: 0)
        try checkIndentation(next)
        if isSequenceItem(next, first) || keyAt(next, first) != nil {
            if first == column, parentIndent < 0 {
                throw error("expected a mapping key followed by ':' (found '\(Self.display(text))' with no ':')", lineIndex, column)
            }
            throw error("bad indentation: this line is indented more than the entries of its mapping or sequence (column \(parentIndent + 1))", next, first)
        }
        throw error("multi-line plain scalars are not supported: quote the value or use a block scalar |", next, first)
    }

    // MARK: Block collections

    /// Parses a block mapping whose first key starts at `indent` of line `first`.
    mutating func parseBlockMapping(line first: Int, indent: Int) throws(Diagnostic) -> Node {
        var entries: [Node.Entry] = []
        var seen: [String: Int] = [:]
        var lineIndex = first
        while true {
            let key = try scanKey(lineIndex, indent)
            if let firstLine = seen[key.text] {
                throw error("duplicate key '\(Self.display(key.text))' (first defined at line \(firstLine))", lineIndex, indent)
            }
            seen[key.text] = lineIndex + 1
            let line = lines[lineIndex]
            let valueColumn = line.skippingWhitespace(from: key.colon + 1)
            let value: Node
            if valueColumn >= line.count || line[valueColumn] == "#" {
                index = lineIndex + 1
                value = try parseEmptyValue(nullMark: mark(lineIndex, key.colon + 1), indent: indent, allowsCompactSequence: true)
            } else {
                value = try parseNode(line: lineIndex, column: valueColumn, parentIndent: indent, context: .afterColon)
            }
            entries.append(Node.Entry(key: key.text, keyMark: mark(lineIndex, indent), value: value))
            guard let next = try nextContentLine() else { break }
            let nextIndent = lines[next].indent
            if nextIndent < indent { break }
            if nextIndent > indent {
                throw error("bad indentation: expected the next key of this mapping at column \(indent + 1)", next, nextIndent)
            }
            if isSequenceItem(next, indent) {
                throw error("expected a mapping key, found a sequence item: a mapping and a sequence cannot be mixed at one level", next, indent)
            }
            lineIndex = next
        }
        return Node(.mapping(entries), mark: mark(first, indent), style: .block)
    }

    /// Parses a block sequence whose first `-` is at `indent` of line `first`; a compact sequence
    /// (at the indent of the key it belongs to) ends at the next line that is not an item.
    mutating func parseBlockSequence(line first: Int, indent: Int, compact: Bool) throws(Diagnostic) -> Node {
        var items: [Node] = []
        var lineIndex = first
        while true {
            let line = lines[lineIndex]
            var valueColumn = indent + 1
            var tab: Int?
            while valueColumn < line.count, line.scalars[valueColumn].isYAMLWhitespace {
                if tab == nil, line.scalars[valueColumn] == "\t" { tab = valueColumn }
                valueColumn += 1
            }
            if valueColumn >= line.count || line[valueColumn] == "#" {
                index = lineIndex + 1
                items.append(try parseEmptyValue(nullMark: mark(lineIndex, indent + 1), indent: indent, allowsCompactSequence: false))
            } else {
                items.append(try parseNode(line: lineIndex, column: valueColumn, parentIndent: indent, context: .afterDash, tabBefore: tab))
            }
            guard let next = try nextContentLine() else { break }
            let nextIndent = lines[next].indent
            if nextIndent < indent { break }
            if nextIndent > indent {
                throw error("bad indentation: expected the next '- ' item of this sequence at column \(indent + 1)", next, nextIndent)
            }
            guard isSequenceItem(next, indent) else {
                if compact { break }
                throw error("expected a sequence item '- ': a sequence and a mapping cannot be mixed at one level", next, indent)
            }
            lineIndex = next
        }
        return Node(.sequence(items), mark: mark(first, indent), style: .block)
    }

    /// The value after a `key:` or `-` with nothing else on its line: a more indented node on the
    /// next lines, a compact sequence at the key's indent, or null marked just after the indicator.
    private mutating func parseEmptyValue(nullMark: Mark, indent: Int, allowsCompactSequence: Bool) throws(Diagnostic) -> Node {
        if let next = try nextContentLine() {
            let nextIndent = lines[next].indent
            if nextIndent > indent {
                return try parseNode(line: next, column: nextIndent, parentIndent: indent, context: .lineStart)
            }
            if allowsCompactSequence, nextIndent == indent, isSequenceItem(next, indent) {
                return try parseBlockSequence(line: next, indent: indent, compact: true)
            }
        }
        return Node(.null, mark: nullMark, style: .plain)
    }

    // MARK: Keys

    /// The key of a block mapping entry at `column`, with the column of its `:`.
    private func scanKey(_ lineIndex: Int, _ column: Int) throws(Diagnostic) -> (text: String, colon: Int) {
        let line = lines[lineIndex]
        switch line.scalars[column] {
        case "\"", "'":
            let quoted = try scanQuoted(line: lineIndex, column: column, parentIndent: -1, singleLineReason: "a quoted key must end on its line")
            guard let colon = colonAfter(lineIndex, quoted.endColumn) else {
                throw error("expected ':' after the mapping key", lineIndex, line.skippingWhitespace(from: quoted.endColumn))
            }
            return (quoted.text, colon)
        case "[", "{":
            throw error("expected a mapping key, found a flow collection (complex keys are not supported in yaml-lite)", lineIndex, column)
        case "|", ">":
            throw error("expected a mapping key, found a block scalar", lineIndex, column)
        default:
            try checkPlainStart(lineIndex, column, inFlow: false)
            let plain = scanPlain(lineIndex, column, inFlow: false)
            guard case .colon(let colon) = plain.stop else {
                throw error("expected a mapping key followed by ':' (found '\(Self.display(plain.text))' with no ':')", lineIndex, column)
            }
            return (plain.text, colon)
        }
    }

    /// The key at `column` if the line holds a mapping entry there, without throwing.
    func keyAt(_ lineIndex: Int, _ column: Int) -> String? {
        do {
            return try scanKey(lineIndex, column).text
        } catch {
            return nil
        }
    }
}
