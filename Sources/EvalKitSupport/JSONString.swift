/// JSON string literals written by hand, so the output is stable and non-ASCII stays readable.
public enum JSONString {
    /// Text escaped for use between the quotes of a JSON string: quotes, backslashes and every
    /// control character escaped, U+2028 and U+2029 too (JavaScript reads them as line ends).
    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// The text as a JSON string literal fit for a terminal: as `quoted(_:)`, and every scalar
    /// that `Visible.isHidden` names (C1 controls, bidirectional overrides) written as `\uXXXX`.
    public static func quotedVisible(_ text: String) -> String {
        var out = ""
        for scalar in quoted(text).unicodeScalars {
            if Visible.isHidden(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    /// Appends the text as a JSON string literal; text with nothing to escape is copied as is.
    public static func appendQuoted(_ text: String, to out: inout String) {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F && $0 != 0xE2 }
        if plain {
            out += "\""
            out += text
            out += "\""
        } else {
            out += quoted(text)
        }
    }

    /// Appends the text as a JSON string literal to a byte buffer, as `appendQuoted(_:to:)` writes it.
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F && $0 != 0xE2 }
        if plain {
            out.append(0x22)
            out += text
            out.append(0x22)
        } else {
            out += quoted(text)
        }
    }
}
