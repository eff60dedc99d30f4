/// One physical line of a yaml-lite source: its Unicode scalars without the line end.
struct Line {
    /// The scalars of the line, without `\n` or the `\r` of a CRLF, and without a leading BOM on line 1.
    let scalars: [Unicode.Scalar]
    /// Whether a line break followed the line (false only for a last line without one).
    let hasBreak: Bool
    /// The number of leading spaces.
    let indent: Int

    init(_ scalars: [Unicode.Scalar], hasBreak: Bool) {
        self.scalars = scalars
        self.hasBreak = hasBreak
        self.indent = scalars.firstIndex { $0 != " " } ?? scalars.count
    }

    var count: Int { scalars.count }

    /// The scalar at `index`, or nil past the end of the line.
    subscript(_ index: Int) -> Unicode.Scalar? {
        index >= 0 && index < scalars.count ? scalars[index] : nil
    }

    /// The index of the first scalar at or after `start` that is neither a space nor a tab (`count` if none).
    func skippingWhitespace(from start: Int) -> Int {
        var index = start
        while index < scalars.count, scalars[index].isYAMLWhitespace { index += 1 }
        return index
    }

    /// Whether the line holds only spaces and tabs.
    var isWhitespaceOnly: Bool { skippingWhitespace(from: 0) == scalars.count }

    /// Whether the line holds only spaces (or nothing).
    var isSpacesOnly: Bool { indent == scalars.count }

    /// Whether the line holds nothing but whitespace and perhaps a comment.
    var isBlank: Bool {
        let first = skippingWhitespace(from: 0)
        return first == scalars.count || scalars[first] == "#"
    }

    /// Whether the line holds a comment and nothing else.
    var isComment: Bool {
        let first = skippingWhitespace(from: 0)
        return first < scalars.count && scalars[first] == "#"
    }

    /// Whether the line starts with the document start marker `---`.
    var isDocumentStart: Bool { startsWithMarker("-") }

    /// Whether the line starts with the document end marker `...`.
    var isDocumentEnd: Bool { startsWithMarker(".") }

    var isDocumentMarker: Bool { isDocumentStart || isDocumentEnd }

    private func startsWithMarker(_ scalar: Unicode.Scalar) -> Bool {
        scalars.count >= 3 && scalars[0] == scalar && scalars[1] == scalar && scalars[2] == scalar
            && (scalars.count == 3 || scalars[3].isYAMLWhitespace)
    }

    /// The text of scalars `start..<end`.
    func text(_ start: Int, _ end: Int) -> String {
        // Through UTF-8 bytes: appending scalars to a String one by one costs several times more.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        for scalar in scalars[start..<end] {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a whole text into lines at `\n`, dropping the `\r` of CRLF line ends and a leading BOM.
    static func split(_ text: String) -> [Line] {
        var lines: [Line] = []
        var current: [Unicode.Scalar] = []
        var isFirst = true
        for scalar in text.unicodeScalars {
            if isFirst {
                isFirst = false
                if scalar == "\u{FEFF}" { continue }
            }
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(Line(current, hasBreak: true))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(Line(current, hasBreak: false)) }
        return lines
    }
}
