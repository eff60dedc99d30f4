import YAMLLite

/// An RFC 4180 CSV reader: comma-separated fields, `"` quoting with `""` for a quote and line
/// breaks allowed inside quotes; LF or CRLF line ends; empty lines are skipped.
enum CSVReader {
    /// One record with the line it starts on.
    struct Record: Sendable, Equatable {
        var line: Int
        var fields: [String]
    }

    /// Why a text is not CSV, and where.
    struct SyntaxError: Error, Sendable, Equatable {
        var message: String
        var mark: Mark
    }

    static func records(_ text: String) throws(SyntaxError) -> [Record] {
        let scalars = Array(text.unicodeScalars)
        var records: [Record] = []
        var index = scalars.first == "\u{FEFF}" ? 1 : 0
        var line = 1
        var column = 1

        /// LF, CRLF, or a CR that ends the text.
        func isLineEnd(_ at: Int) -> Bool {
            at < scalars.count && (scalars[at] == "\n" || (scalars[at] == "\r" && (at + 1 == scalars.count || scalars[at + 1] == "\n")))
        }
        /// Steps over a line end at `index`, returning whether there was one.
        func skipLineEnd() -> Bool {
            guard isLineEnd(index) else { return false }
            index += scalars[index] == "\r" && index + 1 < scalars.count ? 2 : 1
            line += 1
            column = 1
            return true
        }

        while index < scalars.count {
            if skipLineEnd() { continue }
            let recordLine = line
            var fields: [String] = []
            var atRecordEnd = false
            while !atRecordEnd {
                var field = String.UnicodeScalarView()
                if index < scalars.count, scalars[index] == "\"" {
                    let open = Mark(line: line, column: column)
                    index += 1
                    column += 1
                    while true {
                        guard index < scalars.count else {
                            throw SyntaxError(message: "unterminated quoted field (the quote opened here is never closed)", mark: open)
                        }
                        let scalar = scalars[index]
                        if scalar == "\"" {
                            if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                                field.append("\"")
                                index += 2
                                column += 2
                                continue
                            }
                            index += 1
                            column += 1
                            break
                        }
                        if isLineEnd(index) {
                            field.append("\n")
                            _ = skipLineEnd()
                            continue
                        }
                        field.append(scalar)
                        index += 1
                        column += 1
                    }
                    if index < scalars.count, scalars[index] != ",", !isLineEnd(index) {
                        throw SyntaxError(message: "unexpected '\(Character(scalars[index]))' after a closing quote (a quote inside a quoted field is written \"\")", mark: Mark(line: line, column: column))
                    }
                } else {
                    while index < scalars.count, scalars[index] != ",", !isLineEnd(index) {
                        field.append(scalars[index])
                        index += 1
                        column += 1
                    }
                }
                fields.append(String(field))
                if index < scalars.count, scalars[index] == "," {
                    index += 1
                    column += 1
                } else {
                    atRecordEnd = true
                    _ = skipLineEnd()
                }
            }
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
