/// The yaml-lite writer: block mappings and sequences, indented by two spaces, with each scalar
/// plain when that is safe, a literal block `|` for readable multi-line text, or double-quoted.
///
/// It writes UTF-8 bytes into `output`, which a streaming caller may take and empty at any point.
struct Writer {
    var output: [UInt8] = []

    /// Writes `text` as `# ` comment lines.
    mutating func writeComment(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            output.append(UInt8(ascii: "#"))
            if !line.isEmpty { output.append(UInt8(ascii: " ")) }
            for scalar in line.unicodeScalars {
                if scalar.isAllowedRaw {
                    output.append(contentsOf: UTF8.encode(scalar)!)
                } else {
                    output.append(contentsOf: scalar.yamlEscape.utf8)
                }
            }
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes `node` as the value of the whole document.
    mutating func writeDocument(_ node: Node) {
        switch node.content {
        case .null:
            return
        case .scalar(let text):
            if let block = Self.literalBlock(text), !block.needsIndentationDigit {
                writeLiteral(block, indent: -1)
            } else {
                appendInlineScalar(text)
                output.append(UInt8(ascii: "\n"))
            }
        case .sequence(let items):
            if items.isEmpty {
                append("[]\n")
            } else {
                writeSequence(items, indent: 0, continuesLine: false)
            }
        case .mapping(let entries):
            if entries.isEmpty {
                append("{}\n")
            } else {
                writeMapping(entries, indent: 0, continuesLine: false)
            }
        }
    }

    /// Writes `key:` at `indent` and its scalar value through the line end, as `writeMapping` would.
    mutating func writeScalarEntry(key: String, value: String, indent: Int) {
        appendSpaces(indent)
        appendInlineScalar(key)
        output.append(UInt8(ascii: ":"))
        writeScalarValue(value, indent: indent)
    }

    /// Writes `key:` at `indent` followed by ` {}` when `isEmptyMapping`, else by the line end
    /// (the entries of a nested mapping follow at `indent + 2`).
    mutating func writeMappingKey(_ key: String, indent: Int, isEmptyMapping: Bool) {
        appendSpaces(indent)
        appendInlineScalar(key)
        append(isEmptyMapping ? ": {}\n" : ":\n")
    }

    /// Writes mapping entries at `indent`; the first continues the current line after `- ` when `continuesLine`.
    private mutating func writeMapping(_ entries: [Node.Entry], indent: Int, continuesLine: Bool) {
        for (position, entry) in entries.enumerated() {
            if position > 0 || !continuesLine { appendSpaces(indent) }
            appendInlineScalar(entry.key)
            output.append(UInt8(ascii: ":"))
            writeValue(entry.value, indent: indent, afterDash: false)
        }
    }

    /// Writes sequence items at `indent`; the first continues the current line after `- ` when `continuesLine`.
    private mutating func writeSequence(_ items: [Node], indent: Int, continuesLine: Bool) {
        for (position, item) in items.enumerated() {
            if position > 0 || !continuesLine { appendSpaces(indent) }
            output.append(UInt8(ascii: "-"))
            writeValue(item, indent: indent, afterDash: true)
        }
    }

    /// Writes the value that follows a `key:` or `-` of a collection at `indent`, through its line end.
    private mutating func writeValue(_ node: Node, indent: Int, afterDash: Bool) {
        switch node.content {
        case .null:
            output.append(UInt8(ascii: "\n"))
        case .scalar(let text):
            writeScalarValue(text, indent: indent)
        case .sequence(let items):
            if items.isEmpty {
                append(" []\n")
            } else if afterDash {
                output.append(UInt8(ascii: " "))
                writeSequence(items, indent: indent + 2, continuesLine: true)
            } else {
                output.append(UInt8(ascii: "\n"))
                writeSequence(items, indent: indent + 2, continuesLine: false)
            }
        case .mapping(let entries):
            if entries.isEmpty {
                append(" {}\n")
            } else if afterDash {
                output.append(UInt8(ascii: " "))
                writeMapping(entries, indent: indent + 2, continuesLine: true)
            } else {
                output.append(UInt8(ascii: "\n"))
                writeMapping(entries, indent: indent + 2, continuesLine: false)
            }
        }
    }

    /// Writes a scalar after a `key:` or `-` at `indent`, through its line end.
    private mutating func writeScalarValue(_ text: String, indent: Int) {
        output.append(UInt8(ascii: " "))
        if let block = Self.literalBlock(text) {
            writeLiteral(block, indent: indent)
        } else {
            appendInlineScalar(text)
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes a literal block scalar: its header, then each line two spaces deeper than the
    /// collection at `indent` (-1 for the document), empty lines left empty.
    private mutating func writeLiteral(_ block: LiteralBlock, indent: Int) {
        output.append(UInt8(ascii: "|"))
        if block.needsIndentationDigit { output.append(UInt8(ascii: "2")) }
        append(block.chomping)
        output.append(UInt8(ascii: "\n"))
        let margin = max(indent + 2, 2)
        for line in block.lines {
            if !line.isEmpty {
                appendSpaces(margin)
                output.append(contentsOf: line.utf8)
            }
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes `text` plain when that is safe, else double-quoted.
    mutating func appendInlineScalar(_ text: String) {
        if Self.isPlainSafe(text) {
            output.append(contentsOf: text.utf8)
        } else {
            Self.appendDoubleQuoted(text, to: &output)
        }
    }

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    private mutating func appendSpaces(_ count: Int) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }
}
