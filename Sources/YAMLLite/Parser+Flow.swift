extension Parser {
    /// Parses a flow sequence or mapping whose opening bracket is at `open`; it must close on the
    /// same line. Returns the node and the column after the closing bracket.
    func parseFlowCollection(line lineIndex: Int, open: Int, depth: inout Int) throws(Diagnostic) -> (Node, Int) {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw error("collections are nested too deeply (more than \(Self.maxDepth) levels)", lineIndex, open)
        }
        let line = lines[lineIndex]
        let isSequence = line.scalars[open] == "["
        let close: Unicode.Scalar = isSequence ? "]" : "}"
        let kind = isSequence ? "flow sequence" : "flow mapping"
        var items: [Node] = []
        var entries: [Node.Entry] = []
        var seen: [String: Int] = [:]
        var position = open + 1

        func unclosed() -> Diagnostic {
            error("flow collections must close on the same line: this '\(line.scalars[open])' is not closed", lineIndex, open)
        }
        func atLineEnd(_ column: Int) -> Bool {
            column >= line.count || line.scalars[column] == "#" && line.scalars[column - 1].isYAMLWhitespace
        }

        while true {
            position = line.skippingWhitespace(from: position)
            if atLineEnd(position) { throw unclosed() }
            if line.scalars[position] == close { break }
            if line.scalars[position] == "," {
                throw error("unexpected ',' in a \(kind): expected a value before it", lineIndex, position)
            }
            if isSequence {
                let item = try parseFlowNode(line: lineIndex, column: position, depth: &depth)
                if let colon = item.colon ?? colonAfterFlowNode(lineIndex, item.end, quotedOrCollection: item.colon == nil && item.node.style != .plain) {
                    throw error("single-pair mappings inside flow sequences are not supported in yaml-lite: write [{key: value}]", lineIndex, colon)
                }
                items.append(item.node)
                position = item.end
            } else {
                let keyColumn = position
                let scalar = line.scalars[position]
                if scalar == "[" || scalar == "{" {
                    throw error("complex keys are not supported in yaml-lite: a flow collection cannot be a mapping key: quote text such as \"{{prompt}}\"", lineIndex, position)
                }
                let key = try parseFlowNode(line: lineIndex, column: position, depth: &depth)
                guard let keyText = key.node.scalar else { throw unclosed() }
                guard let colon = key.colon ?? colonAfterFlowNode(lineIndex, key.end, quotedOrCollection: key.node.style != .plain) else {
                    let at = line.skippingWhitespace(from: key.end)
                    if atLineEnd(at) { throw unclosed() }
                    throw error("expected ':' after the flow mapping key '\(Self.display(keyText))'", lineIndex, at)
                }
                if let firstColumn = seen[keyText] {
                    throw error("duplicate key '\(Self.display(keyText))' (first defined at line \(lineIndex + 1), column \(firstColumn + 1))", lineIndex, keyColumn)
                }
                seen[keyText] = keyColumn
                position = line.skippingWhitespace(from: colon + 1)
                let value: Node
                if atLineEnd(position) { throw unclosed() }
                if line.scalars[position] == "," || line.scalars[position] == close {
                    value = Node(.null, mark: mark(lineIndex, colon + 1), style: .plain)
                } else {
                    let parsed = try parseFlowNode(line: lineIndex, column: position, depth: &depth)
                    if let extra = parsed.colon {
                        throw error("expected ',' or '}' in a flow mapping: quote a value that holds ': '", lineIndex, extra)
                    }
                    value = parsed.node
                    position = parsed.end
                }
                entries.append(Node.Entry(key: keyText, keyMark: mark(lineIndex, keyColumn), value: value))
            }
            position = line.skippingWhitespace(from: position)
            if atLineEnd(position) { throw unclosed() }
            if line.scalars[position] == "," {
                position += 1
                continue
            }
            if line.scalars[position] == close { break }
            throw error("expected ',' or '\(close)' in a \(kind)", lineIndex, position)
        }
        let content: Node.Content = isSequence ? .sequence(items) : .mapping(entries)
        return (Node(content, mark: mark(lineIndex, open), style: .flow), position + 1)
    }

    /// The column of a `:` right after a quoted scalar or collection (JSON style, no space needed) or after whitespace.
    private func colonAfterFlowNode(_ lineIndex: Int, _ column: Int, quotedOrCollection: Bool) -> Int? {
        let line = lines[lineIndex]
        let colon = line.skippingWhitespace(from: column)
        guard line[colon] == ":" else { return nil }
        if quotedOrCollection { return colon }
        return line[colon + 1].map { $0.isYAMLWhitespace || $0.isFlowIndicator } ?? true ? colon : nil
    }

    /// Parses one node inside a flow collection; `colon` is set when a plain scalar stopped at a `:`.
    private func parseFlowNode(line lineIndex: Int, column: Int, depth: inout Int) throws(Diagnostic) -> (node: Node, end: Int, colon: Int?) {
        let line = lines[lineIndex]
        switch line.scalars[column] {
        case "[", "{":
            let (node, end) = try parseFlowCollection(line: lineIndex, open: column, depth: &depth)
            return (node, end, nil)
        case "\"", "'":
            let quoted = try scanQuoted(line: lineIndex, column: column, parentIndent: -1,
                                        singleLineReason: "a quoted string inside a flow collection must end on the same line")
            return (Node(.scalar(quoted.text), mark: mark(lineIndex, column), style: quoted.isDouble ? .doubleQuoted : .singleQuoted), quoted.endColumn, nil)
        case "|", ">":
            throw error("block scalars (| and >) are not allowed inside flow collections", lineIndex, column)
        case "]", "}":
            throw error("unexpected '\(line.scalars[column])': it does not match the open bracket", lineIndex, column)
        default:
            try checkPlainStart(lineIndex, column, inFlow: true)
            let plain = scanPlain(lineIndex, column, inFlow: true)
            var colon: Int?
            if case .colon(let at) = plain.stop { colon = at }
            return (Node(.scalar(plain.text), mark: mark(lineIndex, column), style: .plain), plain.end, colon)
        }
    }
}
