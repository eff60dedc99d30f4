/// Model text made safe to show: control and escape characters visible, long text cut.
public enum Visible {
    /// The text with `\n`, `\t`, `\r`, ESC and other control characters written as escapes, so a
    /// terminal never interprets them; cut to `limit` characters with `…` when longer.
    public static func text(_ text: String, limit: Int? = nil) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                out += "…"
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default:
                if isHidden(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }

    /// Whether a terminal would act on the scalar rather than show it: C0 and C1 controls, DEL,
    /// the line and paragraph separators, and the bidirectional formatting characters (U+200E,
    /// U+200F, U+202A–U+202E, U+2066–U+2069) that reorder what follows them on screen.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The text in double quotes, escaped as `text(_:)` does and with `"` escaped: `"two"`. Every
    /// `"` scalar is escaped, one followed by a combining mark too.
    public static func quoted(_ text: String, limit: Int? = 200) -> String {
        var out = "\""
        for scalar in Self.text(text, limit: limit).unicodeScalars {
            if scalar == "\"" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
