extension Parser {
    /// Parses a literal (`|`) or folded (`>`) block scalar whose indicator is at `column`.
    mutating func parseBlockScalar(line lineIndex: Int, column: Int, parentIndent: Int) throws(Diagnostic) -> Node {
        let header = lines[lineIndex]
        let isLiteral = header.scalars[column] == "|"
        var chomping: Unicode.Scalar?
        var indentation: Int?
        var position = column + 1
        while let scalar = header[position] {
            if chomping == nil, scalar == "-" || scalar == "+" {
                chomping = scalar
            } else if indentation == nil, ("0"..."9").contains(scalar), let digit = scalar.hexDigitValue {
                if digit == 0 {
                    throw error("the indentation indicator of a block scalar must be a digit from 1 to 9", lineIndex, position)
                }
                indentation = Int(digit)
            } else {
                break
            }
            position += 1
        }
        if let scalar = header[position], !scalar.isYAMLWhitespace {
            throw error("invalid block scalar header: after '\(header.scalars[column])' only an indentation digit (1-9) and a chomping indicator (- or +) may follow, then a comment", lineIndex, position)
        }
        try expectLineEnd(lineIndex, from: position, after: "the block scalar header")

        let contentIndent = try blockScalarIndent(after: lineIndex, parentIndent: parentIndent, explicit: indentation)
        var text = TextBuilder()
        var leadingBreak = false
        var trailingBreaks = 0
        var leadingBlank = false
        var current = lineIndex + 1
        while current < lines.count {
            let line = lines[current]
            if line.isDocumentMarker { break }
            if line.isSpacesOnly, line.count <= contentIndent {
                if line.hasBreak { trailingBreaks += 1 }
                current += 1
                continue
            }
            if line.indent < contentIndent { break }
            let content = line.scalars[contentIndent...]
            let trailingBlank = content.first.map(\.isYAMLWhitespace) ?? false
            if !isLiteral, leadingBreak, !leadingBlank, !trailingBlank {
                if trailingBreaks == 0 { text.append(" ") }
            } else if leadingBreak {
                text.append("\n")
            }
            text.append(ascii: "\n", count: trailingBreaks)
            trailingBreaks = 0
            leadingBlank = trailingBlank
            text.append(contentsOf: content)
            leadingBreak = line.hasBreak
            current += 1
        }
        index = current
        if chomping != "-", leadingBreak { text.append("\n") }
        if chomping == "+" { text.append(ascii: "\n", count: trailingBreaks) }
        return Node(.scalar(text.string), mark: mark(lineIndex, column), style: isLiteral ? .literal : .folded)
    }

    /// The indentation of a block scalar's content: the parent's plus the explicit digit, or that
    /// of the first non-empty line (when more indented than the parent).
    private func blockScalarIndent(after headerLine: Int, parentIndent: Int, explicit: Int?) throws(Diagnostic) -> Int {
        if let explicit { return parentIndent + explicit }
        var widestEmpty = 0
        var widestEmptyLine = headerLine
        var current = headerLine + 1
        while current < lines.count, !lines[current].isDocumentMarker {
            let line = lines[current]
            if line.isSpacesOnly {
                if line.count > widestEmpty {
                    widestEmpty = line.count
                    widestEmptyLine = current
                }
                current += 1
                continue
            }
            if line.indent > parentIndent {
                if widestEmpty > line.indent {
                    throw error("a leading empty line of a block scalar has more spaces than its first content line (\(line.indent))", widestEmptyLine, line.indent)
                }
                return line.indent
            }
            break
        }
        return max(parentIndent + 1, widestEmpty)
    }
}
