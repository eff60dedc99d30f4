/// The yaml-lite writer: block mappings and sequences, indented by two spaces, with each scalar
/// plain when that is safe, a literal block `|` for readable multi-line text, or double-quoted.
struct Writer {
    private(set) var output = ""

    /// Writes `text` as `# ` comment lines.
    mutating func writeComment(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var shown = ""
            for scalar in line.unicodeScalars {
                shown += scalar.isAllowedRaw ? String(scalar) : scalar.yamlEscape
            }
            output += shown.isEmpty ? "#\n" : "# \(shown)\n"
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
                output += Self.inlineScalar(text) + "\n"
            }
        case .sequence(let items):
            if items.isEmpty {
                output += "[]\n"
            } else {
                writeSequence(items, indent: 0, continuesLine: false)
            }
        case .mapping(let entries):
            if entries.isEmpty {
                output += "{}\n"
            } else {
                writeMapping(entries, indent: 0, continuesLine: false)
            }
        }
    }

    /// Writes mapping entries at `indent`; the first continues the current line after `- ` when `continuesLine`.
    private mutating func writeMapping(_ entries: [Node.Entry], indent: Int, continuesLine: Bool) {
        for (position, entry) in entries.enumerated() {
            if position > 0 || !continuesLine { output += String(repeating: " ", count: indent) }
            output += Self.inlineScalar(entry.key) + ":"
            writeValue(entry.value, indent: indent, afterDash: false)
        }
    }

    /// Writes sequence items at `indent`; the first continues the current line after `- ` when `continuesLine`.
    private mutating func writeSequence(_ items: [Node], indent: Int, continuesLine: Bool) {
        for (position, item) in items.enumerated() {
            if position > 0 || !continuesLine { output += String(repeating: " ", count: indent) }
            output += "-"
            writeValue(item, indent: indent, afterDash: true)
        }
    }

    /// Writes the value that follows a `key:` or `-` of a collection at `indent`, through its line end.
    private mutating func writeValue(_ node: Node, indent: Int, afterDash: Bool) {
        switch node.content {
        case .null:
            output += "\n"
        case .scalar(let text):
            if let block = Self.literalBlock(text) {
                output += " "
                writeLiteral(block, indent: indent)
            } else {
                output += " " + Self.inlineScalar(text) + "\n"
            }
        case .sequence(let items):
            if items.isEmpty {
                output += " []\n"
            } else if afterDash {
                output += " "
                writeSequence(items, indent: indent + 2, continuesLine: true)
            } else {
                output += "\n"
                writeSequence(items, indent: indent + 2, continuesLine: false)
            }
        case .mapping(let entries):
            if entries.isEmpty {
                output += " {}\n"
            } else if afterDash {
                output += " "
                writeMapping(entries, indent: indent + 2, continuesLine: true)
            } else {
                output += "\n"
                writeMapping(entries, indent: indent + 2, continuesLine: false)
            }
        }
    }

    /// Writes a literal block scalar: its header, then each line two spaces deeper than the
    /// collection at `indent` (-1 for the document), empty lines left empty.
    private mutating func writeLiteral(_ block: LiteralBlock, indent: Int) {
        output += "|" + (block.needsIndentationDigit ? "2" : "") + block.chomping + "\n"
        let margin = String(repeating: " ", count: max(indent + 2, 2))
        for line in block.lines {
            output += line.isEmpty ? "\n" : margin + line + "\n"
        }
    }
}
