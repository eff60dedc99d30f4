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
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }

    /// The text in double quotes, escaped as `text(_:)` does and with `"` escaped: `"two"`.
    public static func quoted(_ text: String, limit: Int? = 200) -> String {
        "\"" + Self.text(text, limit: limit).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
